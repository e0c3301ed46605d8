// Independent checks of a lasso counterexample: it violates the claim and its cycle is fair.
#pragma once

#include <optional>
#include <string>

#include "finwait/model/trace.hpp"
#include "finwait/properties/fairness.hpp"
#include "finwait/properties/formula.hpp"

namespace finwait::checker {

// Evaluates `claim` directly on the lasso's infinite word (no automaton) and checks every
// fairness assumption on the cycle. Returns what is wrong, or nothing if the lasso is a
// genuine fair counterexample. The trace must replay and have a cycle.
std::optional<std::string> lasso_problem(const model::SystemSemantics& sys, const model::Trace& trace,
                                         const properties::Formula& claim,
                                         const properties::FairnessSpec& fairness);

}  // namespace finwait::checker
