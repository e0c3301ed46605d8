// Strengthening lemmas for PDR: candidate invariants read off the explicit state space, kept
// only where Z3 proves them inductive together (Houdini, Flanagan & Leino 2001).
#pragma once
#include <z3++.h>

#include <functional>
#include <vector>

#include "deadline.hpp"
#include "finwait/checker/symbolic/transition_system.hpp"

namespace finwait::checker::symbolic {

// Candidates for capacity inf are read off this capacity (see inductive_lemmas).
inline constexpr unsigned kLemmaSampleCapacity = 3;

// One candidate: "x[v] = a for every (v, a) in `when` implies feature `other` in allowed"
// (`when` empty: "feature in allowed"). Features are the state variables, then with fifo
// channels the number of each letter in each channel (a slot past the length reads as 0, the
// code of FIN, so slots alone cannot say "no FIN in flight").
struct Lemma {
  std::vector<std::pair<int, int>> when;
  int other = 0;
  std::vector<int> allowed;
  z3::expr over(const TransitionSystem& ts, const StateVars& x) const;
};

// The largest set of candidates that holds initially and is preserved by every step, each
// step assuming all of them: an inductive invariant of the model. Candidates come from the
// states reachable at this finite configuration (pairwise correlations of variables), or at
// capacity inf from those at capacity kLemmaSampleCapacity; none above `max_states`
// reachable states, or when time runs out.
std::vector<Lemma> inductive_lemmas(const TransitionSystem& ts, z3::context& ctx,
                                    const Deadline& deadline, std::size_t max_states = 200000);

// A subset of inductive `lemmas` that is still inductive and still rules out `bad` (a term
// over a state x, the step `sel` and its successor y that holds where the lemmas must fail),
// shrunk by unsat cores until no lemma can go: what the CLI prints as the invariant. `lemmas` if
// time runs out.
std::vector<Lemma> needed_lemmas(
    const TransitionSystem& ts, std::vector<Lemma> lemmas,
    const std::function<z3::expr(const StateVars& x, const z3::expr& sel, const StateVars& y)>& bad,
    z3::context& ctx, const Deadline& deadline);

// The conjunction of the lemmas over x.
z3::expr conjunction(const TransitionSystem& ts, const std::vector<Lemma>& lemmas, const StateVars& x);

}  // namespace finwait::checker::symbolic
