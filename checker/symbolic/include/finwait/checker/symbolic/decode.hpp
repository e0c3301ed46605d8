// Z3 models back into the model's own values: states, and paths as replayed traces.
#pragma once
#include <z3++.h>

#include <optional>
#include <vector>

#include "finwait/checker/symbolic/transition_system.hpp"
#include "finwait/model/trace.hpp"

namespace finwait::checker::symbolic {

model::SystemState read_state(const StateLayout& layout, const z3::model& m, const StateVars& x);

struct DecodedTrace {
  model::Trace trace;
  // The configuration the trace was replayed on: the model's own, or for capacity inf the
  // smallest capacity at which every send of the trace is kept.
  model::ModelConfig replay_config;
};

// Reads states[0..n] and the selectors sels[0..n) of a path, matches every step with the
// explicit step function's transition of the same label and successor, and replays the result
// on the model. Throws std::logic_error if the path does not replay (an encoding bug: it
// must never reach a user as a counterexample).
DecodedTrace decode_path(const TransitionSystem& ts, const z3::model& m,
                         const std::vector<StateVars>& states, const std::vector<z3::expr>& sels,
                         std::optional<std::size_t> cycle_start = std::nullopt);

}  // namespace finwait::checker::symbolic
