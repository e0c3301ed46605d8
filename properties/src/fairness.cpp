// Step classes and fairness specifications.
#include "finwait/properties/fairness.hpp"

#include <fmt/format.h>

#include "finwait/model/system_state.hpp"

namespace finwait::properties {
namespace {
using model::StepKind;
constexpr int kLocalKinds = 6;  // close, abort, retransmit, giveup, 2msl, fw2-timeout
int kind_index(StepKind k) { return static_cast<int>(k); }
}  // namespace

std::optional<int> step_class(const model::Step& step) {
  const int who = static_cast<int>(step.actor);
  if (step.is_local()) return kind_index(step.kind) * 2 + who;
  if (step.is_network()) return 2 * kLocalKinds + (kind_index(step.kind) - kind_index(StepKind::Deliver)) * 2 + who;
  return std::nullopt;
}

namespace {
// The step kind of a class, and its actor as written in the class name ("A", "A->B").
StepKind class_kind(int cls) {
  const int kind = cls / 2;
  return kind < kLocalKinds ? static_cast<StepKind>(kind)
                            : static_cast<StepKind>(kind_index(StepKind::Deliver) + kind - kLocalKinds);
}
std::string class_actor(int cls) {
  const auto who = static_cast<model::Party>(cls % 2);
  return cls / 2 < kLocalKinds ? std::string(model::name(who)) : model::channel_name(who);
}
}  // namespace

std::string class_name(int cls) {
  // fmt: GCC 12 -Wrestrict on operator+
  return fmt::format("{}({})", model::kind_word(class_kind(cls)), class_actor(cls));
}

FairnessSpec FairnessSpec::model_default() {
  FairnessSpec s;
  for (const char* word : {"close", "timers"}) set_fairness(s, word, "", Fairness::Weak);
  set_fairness(s, "deliver", "", Fairness::Strong);
  return s;
}

ClassMask FairnessSpec::mask(Fairness f) const {
  ClassMask m = 0;
  for (int c = 0; c < kStepClassCount; ++c)
    if (of[c] == f) m |= ClassMask{1} << c;
  return m;
}

std::string FairnessSpec::describe() const {
  std::string weak, strong;
  for (int c = 0; c < kStepClassCount; ++c) {
    if (of[c] == Fairness::Weak) weak.append(" ").append(class_name(c));
    if (of[c] == Fairness::Strong) strong.append(" ").append(class_name(c));
  }
  if (weak.empty() && strong.empty()) return "none";
  if (strong.empty()) return fmt::format("weak:{}", weak);
  if (weak.empty()) return fmt::format("strong:{}", strong);
  return fmt::format("weak:{}; strong:{}", weak, strong);
}

bool set_fairness(FairnessSpec& spec, const std::string& word, const std::string& who, Fairness f) {
  bool any = false;
  for (int c = 0; c < kStepClassCount; ++c) {
    const StepKind kind = class_kind(c);
    const bool kind_ok = word == model::kind_word(kind) || (word == "timers" && model::is_timer(kind)) ||
                         word == "all";
    if (!kind_ok || (!who.empty() && who != class_actor(c))) continue;
    spec.of[c] = f;
    any = true;
  }
  return any;
}

}  // namespace finwait::properties
