// Strengthening lemmas for PDR: candidate invariants read off the explicit state space, kept
// only where Z3 proves them inductive together (Houdini, Flanagan & Leino 2001).
#pragma once
#include <z3++.h>

#include <vector>

#include "deadline.hpp"
#include "finwait/checker/symbolic/transition_system.hpp"

namespace finwait::checker::symbolic {

// One candidate: "x[var] = value implies x[other] in allowed" (var == other: "x[var] in
// allowed", with value unused).
struct Lemma {
  int var = 0;
  int value = 0;
  int other = 0;
  std::vector<int> allowed;
  z3::expr over(const StateVars& x) const;
};

// The largest set of candidates that holds initially and is preserved by every step, each
// step assuming all of them: an inductive invariant of the model. Candidates come from the
// states reachable at this finite configuration (pairwise correlations of variables); none
// at capacity inf, above `max_states` reachable states, or when time runs out.
std::vector<Lemma> inductive_lemmas(const TransitionSystem& ts, z3::context& ctx,
                                    const Deadline& deadline, std::size_t max_states = 200000);

// The conjunction of the lemmas over x.
z3::expr conjunction(const std::vector<Lemma>& lemmas, const StateVars& x);

}  // namespace finwait::checker::symbolic
