// Incremental bounded model checking: one solver, one more transition per depth, the target
// asked for under an assumption literal so earlier depths stay reusable.
#include "engines.hpp"

#include <algorithm>

#include "finwait/checker/symbolic/decode.hpp"
#include "unrolling.hpp"

namespace finwait::checker::symbolic {

ProofOutcome unknown_outcome(const std::string& name, const std::string& engine,
                             const std::string& why) {
  ProofOutcome out;
  out.result.name = name;
  out.result.verdict = Verdict::Unknown;
  out.result.notes.push_back(why);
  out.engine = engine;
  return out;
}

ProofOutcome run_bmc(const TransitionSystem& ts, const SafetyGoal& goal, unsigned bound,
                     z3::context& ctx, const Deadline& deadline) {
  // Bit-vectors are exact here: a step adds at most one segment to a channel, so no count
  // exceeds the depth, and depths stop below kLargestBitVectorValue.
  bound = std::min(bound, kLargestBmcBound);
  Unrolling path(ctx, ts, Arithmetic::BitVector, bound);
  // The QF_BV solver bit-blasts into Z3's incremental SAT solver: several times faster than
  // the SMT core here (docs/z3.md, "Limits and doubts", has the figures).
  z3::solver solver(ctx, "QF_BV");
  solver.add(ts.initial(path.state(0)));
  for (unsigned k = 0; k <= bound; ++k) {
    // Building a large unrolling step is not interruptible; stop between steps instead.
    if (deadline.expired()) return unknown_outcome(goal.name, "bmc", "timeout at depth " + std::to_string(k));
    const z3::expr here = ctx.bool_const(("target@" + std::to_string(k)).c_str());
    solver.add(z3::implies(here, target_at(goal, path, k)));
    z3::expr_vector assumptions(ctx);
    assumptions.push_back(here);
    const z3::check_result r = deadline.check([&] { return solver.check(assumptions); });
    if (r == z3::sat) {
      ProofOutcome out;
      DecodedTrace d = decode_path(ts, solver.get_model(), path.states(k + 1), path.sels(k));
      out.result.name = goal.name;
      out.result.verdict = goal.is_reachability ? Verdict::Reachable : Verdict::Violated;
      out.result.trace = std::move(d.trace);
      out.replay_config = d.replay_config;
      out.engine = "bmc";
      out.depth = k;
      return out;
    }
    if (r == z3::unknown)
      return unknown_outcome(goal.name, "bmc",
                             deadline.expired() ? "timeout at depth " + std::to_string(k)
                                                : "Z3: " + solver.reason_unknown());
    solver.add(path.transition(k));
  }
  return unknown_outcome(goal.name, "bmc",
                         std::string(goal.is_reachability ? "no witness" : "no violation") +
                             " within " + std::to_string(bound) + " steps (bounded search)");
}

}  // namespace finwait::checker::symbolic
