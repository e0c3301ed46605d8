// Incremental BMC, shared by run_bmc and the base case of k-induction: one solver, one more
// transition per depth, the target asked under an assumption literal so that what the
// solver learned at earlier depths stays usable.
#pragma once
#include <z3++.h>

#include "deadline.hpp"
#include "finwait/checker/symbolic/decode.hpp"
#include "finwait/checker/symbolic/prove.hpp"
#include "lemmas.hpp"
#include "unrolling.hpp"

namespace finwait::checker::symbolic {

// Asserts `name` -> `formula` and checks under `name` (so the formula binds this call only).
z3::check_result check_assuming(z3::solver& solver, const z3::expr& formula,
                                const std::string& name, const Deadline& deadline);

// A decoded, replayed trace as a finished outcome.
ProofOutcome trace_outcome(const std::string& name, Verdict verdict, DecodedTrace decoded,
                           const std::string& engine, unsigned depth);

inline constexpr unsigned kStrengthenFromDepth = 10;

class BoundedSearch {
 public:
  BoundedSearch(z3::context& ctx, const TransitionSystem& ts, const SafetyGoal& goal,
                unsigned bound, const Deadline& deadline);
  // Asks whether the target is reached in exactly depth() steps (every smaller depth was
  // asked before); on unsat the path grows by one step.
  z3::check_result ask();
  unsigned depth() const { return m_depth; }
  // After ask() gave sat: the shortest trace as the outcome of `engine`.
  ProofOutcome found(const std::string& engine);
  std::string reason_unknown() const { return m_solver.reason_unknown(); }

 private:
  const TransitionSystem& m_ts;
  const SafetyGoal& m_goal;
  const Deadline& m_deadline;
  Unrolling m_path;
  z3::solver m_solver;
  unsigned m_depth = 0;
  std::vector<Lemma> m_lemmas;
};

}  // namespace finwait::checker::symbolic
