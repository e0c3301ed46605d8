// Mechanical replay of traces on the step function.
#include "finwait/model/trace.hpp"

namespace finwait::model {

std::string enabled_steps_text(const SystemSemantics& sys, const SystemState& s) {
  std::string out;
  sys.for_each_successor(s, [&out](const Transition& t) {
    if (!out.empty()) out += ", ";
    out += label(t.step);
    if (t.step.kind == StepKind::Drop && t.step.position > 0)
      out += " #" + std::to_string(t.step.position + 1);
  });
  return out.empty() ? "none" : out;
}

std::optional<ReplayFailure> replay(const SystemSemantics& sys, const Trace& trace) {
  if (!(trace.initial == sys.initial()))
    return ReplayFailure{0, "the trace does not start in the model's initial state"};
  SystemState current = trace.initial;
  for (std::size_t i = 0; i < trace.steps.size(); ++i) {
    const TraceStep& want = trace.steps[i];
    if (want.step.kind == StepKind::Idle) {  // stuttering is always possible and changes nothing
      if (!(want.state == current))
        return ReplayFailure{i, "step " + std::to_string(i + 1) + " 'idle' changes the state"};
      continue;
    }
    bool enabled = false, matched = false;
    sys.for_each_successor(current, [&](const Transition& t) {
      if (!(t.step == want.step)) return;
      enabled = true;
      matched = matched || (t.next == want.state && t.unexpected == want.unexpected &&
                           t.sent == want.sent);
    });
    if (!matched) {
      const std::string what = enabled ? "is enabled but leads to a different state than recorded"
                                       : "is not enabled";
      return ReplayFailure{i, "step " + std::to_string(i + 1) + " '" + label(want.step) + "' " +
                                  what + "; enabled steps: " + enabled_steps_text(sys, current)};
    }
    current = want.state;
  }
  if (trace.cycle_start) {
    if (*trace.cycle_start >= trace.steps.size())
      return ReplayFailure{trace.steps.size(), "the cycle start is past the last step"};
    if (!(current == trace.state_before(*trace.cycle_start)))
      return ReplayFailure{trace.steps.size() - 1,
                           "the cycle does not return to the state where it starts"};
  }
  return std::nullopt;
}

}  // namespace finwait::model
