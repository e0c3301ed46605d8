// Step labels in MODEL.md's words.
#include "finwait/model/step.hpp"

#include <array>

#include "finwait/model/system_state.hpp"

namespace finwait::model {
namespace {
// Application and timer steps are named by their event (vocabulary.cpp); these are the rest.
constexpr std::array<const char*, 4> kNetworkWords = {"deliver", "drop", "dup", "idle"};
constexpr int kKindCount = static_cast<int>(StepKind::Idle) + 1;
}  // namespace

Event event_of(StepKind kind) {
  switch (kind) {
    case StepKind::Close: return Event::AppClose;
    case StepKind::Abort: return Event::AppAbort;
    case StepKind::Retransmit: return Event::Retransmit;
    case StepKind::GiveUp: return Event::GiveUp;
    case StepKind::Msl2Expired: return Event::Msl2Expired;
    case StepKind::Fw2Timeout: return Event::Fw2Timeout;
    default: break;
  }
  return Event::AppClose;  // network steps have no single event; callers check is_network()
}

std::optional<StepKind> local_step_of(Event event) {
  if (is_reception(event)) return std::nullopt;
  return static_cast<StepKind>(static_cast<int>(event));
}

std::string kind_word(StepKind kind) {
  if (kind < StepKind::Deliver) return std::string(name(event_of(kind)));
  return kNetworkWords[static_cast<int>(kind) - static_cast<int>(StepKind::Deliver)];
}

bool is_timer(StepKind kind) {
  return kind == StepKind::Retransmit || kind == StepKind::GiveUp || kind == StepKind::Msl2Expired ||
         kind == StepKind::Fw2Timeout;
}

std::optional<StepKind> parse_kind_word(const std::string& word) {
  for (int i = 0; i < kKindCount; ++i)
    if (word == kind_word(static_cast<StepKind>(i))) return static_cast<StepKind>(i);
  return std::nullopt;
}

std::string label(const Step& step) {
  if (step.kind == StepKind::Idle) return "idle";
  if (step.is_local()) return std::string(name(step.actor)) + " " + kind_word(step.kind);
  return channel_name(step.actor) + " " + kind_word(step.kind) + " " +
         std::string(name(step.letter)) + (step.ack_delayed ? kAckDelayedSuffix : "");
}

}  // namespace finwait::model
