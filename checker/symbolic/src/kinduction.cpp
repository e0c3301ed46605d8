// k-induction: the base case is BMC to depth k; the step case asks whether k+1 well-formed
// states in a row, pairwise distinct, can avoid the target k times and then hit it.
// Distinctness (simple paths) makes the method complete when the reachable space is finite.
#include "engines.hpp"

#include <algorithm>

#include "bounded_search.hpp"

namespace finwait::checker::symbolic {

namespace {

ProofOutcome proved_at(const SafetyGoal& goal, unsigned k, bool want_invariant) {
  ProofOutcome out;
  out.result.name = goal.name;
  out.result.verdict = goal.is_reachability ? Verdict::Unreachable : Verdict::Holds;
  out.engine = "k-induction";
  out.depth = k;
  out.result.notes.push_back("proved by " + std::to_string(k) + "-induction");
  if (want_invariant)
    out.invariant = k <= 1 ? "the property itself is inductive (with the well-formedness of states)"
                           : "the property is " + std::to_string(k) + "-inductive: no " +
                                 std::to_string(k + 1) +
                                 " distinct well-formed states in a row violate it only at the last; "
                                 "the pdr engine finds a one-state inductive invariant";
  return out;
}

// Positions 0..k of an arbitrary well-formed path; the target is assumed absent at 1..k-1
// (and at 0 when it does not read the step, which position 0 does not know).
void extend_step_case(const TransitionSystem& ts, const SafetyGoal& goal, Unrolling& path,
                      z3::solver& step, unsigned k) {
  step.add(ts.well_formed(path.state(k)));
  step.add(path.transition(k - 1));
  const std::size_t prev = k - 1;
  if (prev > 0 || !goal.reads_step) step.add(!target_at(goal, path, prev));
  // A step target depends on the last step, so only the states before it must differ.
  const std::size_t newest_distinct = goal.reads_step ? prev : k;
  for (std::size_t j = 0; j < newest_distinct; ++j)
    step.add(!ts.equal(path.state(j), path.state(newest_distinct)));
}

}  // namespace

ProofOutcome run_kinduction(const TransitionSystem& ts, const SafetyGoal& goal, unsigned bound,
                            bool want_invariant, z3::context& ctx, const Deadline& deadline) {
  bound = std::min(bound, kLargestBmcBound);
  BoundedSearch base(ctx, ts, goal, bound, deadline);
  // The step case starts anywhere: with unbounded counts bit-vectors could wrap, so Int.
  const bool ints = ts.config().capacity_infinite();
  Unrolling step_path(ctx, ts, ints ? Arithmetic::Int : Arithmetic::BitVector, 0, "k");
  z3::solver step = ints ? z3::solver(ctx) : z3::solver(ctx, "QF_BV");
  step.add(ts.well_formed(step_path.state(0)));
  auto unknown = [&](const std::string& where, const std::string& z3_reason) {
    return unknown_outcome(goal.name, "k-induction",
                           deadline.expired() ? "timeout at " + where : "Z3: " + z3_reason);
  };
  for (unsigned k = 0; k <= bound; ++k) {
    // Building a large unrolling step is not interruptible; stop between steps instead.
    if (deadline.expired()) return unknown_outcome(goal.name, "k-induction", "timeout at k=" + std::to_string(k));
    // Base: no target at depth k (depths below k were asked in earlier rounds).
    const z3::check_result b = base.ask();
    if (b == z3::unknown) return unknown("base case k=" + std::to_string(k), base.reason_unknown());
    if (b == z3::sat) return base.found("k-induction");
    if (k > 0) extend_step_case(ts, goal, step_path, step, k);
    if (k == 0 && goal.reads_step) continue;  // position 0 has no step to read
    const z3::check_result s =
        check_assuming(step, target_at(goal, step_path, k), "step@" + std::to_string(k), deadline);
    if (s == z3::unknown) return unknown("step case k=" + std::to_string(k), step.reason_unknown());
    if (s == z3::unsat) return proved_at(goal, k, want_invariant);
  }
  return unknown_outcome(goal.name, "k-induction",
                         "not " + std::to_string(bound) + "-inductive and no counterexample "
                         "within " + std::to_string(bound) + " steps");
}

}  // namespace finwait::checker::symbolic
