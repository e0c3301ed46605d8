// Property-language conditions as Z3 terms over one state (and the step that reached it).
#pragma once
#include <z3++.h>

#include <functional>
#include <string>

#include "finwait/checker/symbolic/transition_system.hpp"
#include "finwait/properties/formula.hpp"
#include "finwait/properties/property_file.hpp"

namespace finwait::checker::symbolic {

// The step that led into a position: the selector and the state it was taken in.
struct StepContext {
  z3::expr sel;
  StateVars before;
};

// A temporal-free formula at a position; step atoms are false where `step` is null (the
// initial position), as in properties::evaluate.
z3::expr encode_formula(const TransitionSystem& ts, const properties::Formula& f,
                        const StateVars& x, const StepContext* step);

// What a safety engine looks for: a reachable position satisfying `target`. For an
// invariant or built-in that is a violation; for a reachability claim, a witness.
struct SafetyGoal {
  std::string name;
  bool is_reachability = false;
  bool reads_step = false;  // `target` mentions the step into the position
  std::function<z3::expr(const StateVars& x, const StepContext* step)> target;
};

// For claims of kind Invariant, Reachable and Builtin (not Temporal).
SafetyGoal safety_goal(const TransitionSystem& ts, const properties::PropertySpec& spec);
SafetyGoal reach_goal(const TransitionSystem& ts, const std::string& text,
                      const properties::Formula& goal);

}  // namespace finwait::checker::symbolic
