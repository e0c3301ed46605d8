// A run of the model as a sequence of steps, and its mechanical replay.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "finwait/model/successors.hpp"

namespace finwait::model {

struct TraceStep {
  Step step;
  SystemState state;  // the state after the step
  std::optional<Segment> sent;
  bool unexpected = false;
  bool lost_to_full_channel = false;
};

// A finite run from `initial`. A lasso (liveness counterexample) repeats steps[cycle_start..]
// forever; its last state then equals the state before steps[cycle_start].
struct Trace {
  SystemState initial;
  std::vector<TraceStep> steps;
  std::optional<std::size_t> cycle_start;

  const SystemState& final_state() const { return steps.empty() ? initial : steps.back().state; }
  const SystemState& state_before(std::size_t i) const {
    return i == 0 ? initial : steps[i - 1].state;
  }
};

struct ReplayFailure {
  std::size_t step_index;  // 0-based index into steps
  std::string message;     // says what was expected and lists the enabled steps
};

// Re-executes every step on the model: each must be enabled in the state before it and lead
// to the recorded state. Returns the first step that does not replay.
std::optional<ReplayFailure> replay(const SystemSemantics& sys, const Trace& trace);

// "A close, A->B deliver FIN, ..." for messages.
std::string enabled_steps_text(const SystemSemantics& sys, const SystemState& s);

}  // namespace finwait::model
