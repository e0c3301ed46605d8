// The individual Z3 engines behind prove(); each returns a finished ProofOutcome.
#pragma once
#include <z3++.h>

#include "finwait/checker/symbolic/formula_encoding.hpp"
#include "finwait/checker/symbolic/prove.hpp"
#include "deadline.hpp"

namespace finwait::checker::symbolic {

// Depths beyond this are not searched (the bit-vector encoding sizes counts by the depth).
inline constexpr unsigned kLargestBmcBound = 100000;

// Incremental BMC: the shortest path to `goal.target` of at most `bound` steps.
ProofOutcome run_bmc(const TransitionSystem& ts, const SafetyGoal& goal, unsigned bound,
                     z3::context& ctx, const Deadline& deadline);
// k-induction with simple-path constraints, k = 0..bound (base cases by BMC).
ProofOutcome run_kinduction(const TransitionSystem& ts, const SafetyGoal& goal, unsigned bound,
                            bool want_invariant, z3::context& ctx, const Deadline& deadline);
// PDR (Z3 Spacer) on Horn clauses; a violation is then made shortest by BMC.
ProofOutcome run_pdr(const TransitionSystem& ts, const SafetyGoal& goal, bool want_invariant,
                     z3::context& ctx, const Deadline& deadline);
// Bounded search for a fair lasso violating a temporal claim.
ProofOutcome run_lasso_bmc(const TransitionSystem& ts, const properties::PropertySpec& spec,
                           unsigned bound, z3::context& ctx, const Deadline& deadline);
// k-liveness (round counter bounded by Spacer); any capacity, including inf. With
// `want_certificate`, the re-checked inductive invariant goes into ProofOutcome::invariant.
ProofOutcome run_kliveness(const TransitionSystem& ts, const properties::PropertySpec& spec,
                           bool want_certificate, z3::context& ctx, const Deadline& deadline);

// A fair ranking certificate (ranking.cpp) for response-shaped claims; any capacity. Gives
// up with unknown (quickly, as a rule) where its templates do not fit.
ProofOutcome run_ranking(const TransitionSystem& ts, const properties::PropertySpec& spec,
                         bool want_certificate, z3::context& ctx, const Deadline& deadline);

// Fills verdict Unknown with a note.
ProofOutcome unknown_outcome(const std::string& name, const std::string& engine,
                             const std::string& why);

}  // namespace finwait::checker::symbolic
