// Fairness notes and prefix clean-up for lasso counterexamples, read off the trace alone.
#include "finwait/checker/lasso_notes.hpp"

#include <algorithm>
#include <optional>

#include "finwait/checker/lasso_check.hpp"

namespace finwait::checker {
namespace {

using properties::Fairness;

// Per class, on the cycle: where it is first taken, where it is first disabled, and one
// label of it while enabled.
struct ClassOnCycle {
  std::optional<std::size_t> taken, disabled;  // 1-based step numbers
  std::string example;
};

std::vector<ClassOnCycle> classes_on_cycle(const model::SystemSemantics& sys, const model::Trace& trace) {
  std::vector<ClassOnCycle> out(properties::kStepClassCount);
  for (std::size_t i = *trace.cycle_start; i < trace.steps.size(); ++i) {
    if (auto c = properties::step_class(trace.steps[i].step); c && !out[*c].taken) out[*c].taken = i + 1;
    std::vector<std::string> enabled(properties::kStepClassCount);
    sys.for_each_successor(trace.state_before(i), [&](const model::Transition& t) {
      if (auto c = properties::step_class(t.step); c && enabled[*c].empty()) enabled[*c] = model::label(t.step);
    });
    for (int c = 0; c < properties::kStepClassCount; ++c) {
      if (enabled[c].empty() && !out[c].disabled) out[c].disabled = i + 1;
      if (!enabled[c].empty() && out[c].example.empty()) out[c].example = enabled[c];
    }
  }
  return out;
}

}  // namespace

std::vector<std::string> fairness_notes(const model::SystemSemantics& sys, const model::Trace& trace,
                                        const properties::FairnessSpec& fairness) {
  const std::size_t start = *trace.cycle_start;
  const bool stops = std::all_of(trace.steps.begin() + static_cast<std::ptrdiff_t>(start), trace.steps.end(),
                                 [](const model::TraceStep& s) { return s.step.kind == model::StepKind::Idle; });
  const std::vector<ClassOnCycle> on_cycle = classes_on_cycle(sys, trace);
  std::vector<std::string> notes;
  if (stops) notes.push_back("the run stops here forever: no step that fairness obliges is enabled");
  for (int c = 0; c < properties::kStepClassCount && !stops; ++c) {
    const Fairness f = fairness.of[c];
    if (f == Fairness::None) continue;
    const std::string what = std::string(f == Fairness::Weak ? "weak" : "strong") + " fairness of " +
                             properties::class_name(c) + ": ";
    const ClassOnCycle& k = on_cycle[c];
    if (k.taken) notes.push_back(what + "taken at step " + std::to_string(*k.taken));
    else if (k.example.empty()) notes.push_back(what + "never enabled in the cycle");
    else notes.push_back(what + "not enabled in the state before step " + std::to_string(*k.disabled));
  }
  for (int c = 0; c < properties::kStepClassCount; ++c)
    if (fairness.of[c] == Fairness::None && !on_cycle[c].taken && !on_cycle[c].disabled)
      notes.push_back(properties::class_name(c) + " stays enabled and is never taken ('" + on_cycle[c].example +
                      "'): the property assumes no fairness for it");
  return notes;
}

void drop_redundant_idles(const model::SystemSemantics& sys, model::Trace& trace,
                          const properties::Formula& claim, const properties::FairnessSpec& fairness) {
  for (std::size_t i = *trace.cycle_start; i-- > 0;) {
    if (trace.steps[i].step.kind != model::StepKind::Idle) continue;
    model::Trace shorter = trace;
    shorter.steps.erase(shorter.steps.begin() + static_cast<std::ptrdiff_t>(i));
    shorter.cycle_start = *trace.cycle_start - 1;
    if (!lasso_problem(sys, shorter, claim, fairness)) trace = std::move(shorter);
  }
}

}  // namespace finwait::checker
