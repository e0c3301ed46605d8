// Incremental BMC (see bounded_search.hpp) and the small pieces every engine's result needs.
#include "bounded_search.hpp"

#include "finwait/checker/symbolic/decode.hpp"

namespace finwait::checker::symbolic {

z3::check_result check_assuming(z3::solver& solver, const z3::expr& formula,
                                const std::string& name, const Deadline& deadline) {
  const z3::expr literal = solver.ctx().bool_const(name.c_str());
  solver.add(z3::implies(literal, formula));
  z3::expr_vector assumptions(solver.ctx());
  assumptions.push_back(literal);
  return deadline.check([&] { return solver.check(assumptions); });
}

ProofOutcome unknown_outcome(const std::string& name, const std::string& engine,
                             const std::string& why) {
  ProofOutcome out;
  out.result.name = name;
  out.result.verdict = Verdict::Unknown;
  out.result.notes.push_back(why);
  out.engine = engine;
  return out;
}

ProofOutcome trace_outcome(const std::string& name, Verdict verdict, DecodedTrace decoded,
                           const std::string& engine, unsigned depth) {
  ProofOutcome out;
  out.result.name = name;
  out.result.verdict = verdict;
  out.result.trace = std::move(decoded.trace);
  out.replay_config = decoded.replay_config;
  out.engine = engine;
  out.depth = depth;
  return out;
}

// Bit-vectors are exact here: a step adds at most one segment to a channel, so no count
// exceeds the depth, and depths stop below kLargestBmcBound. The QF_BV solver bit-blasts
// into Z3's incremental SAT solver: several times faster than the SMT core here
// (docs/z3.md, "Limits and doubts", has the figures).
BoundedSearch::BoundedSearch(z3::context& ctx, const TransitionSystem& ts, const SafetyGoal& goal,
                             unsigned bound, const Deadline& deadline)
    : m_ts(ts), m_goal(goal), m_deadline(deadline),
      m_path(ctx, ts, Arithmetic::BitVector, bound), m_solver(ctx, "QF_BV") {
  m_solver.add(ts.initial(m_path.state(0)));
}

z3::check_result BoundedSearch::ask() {
  const z3::check_result r = check_assuming(m_solver, target_at(m_goal, m_path, m_depth),
                                            "target@" + std::to_string(m_depth), m_deadline);
  if (r == z3::unsat) m_solver.add(m_path.transition(m_depth++));
  return r;
}

ProofOutcome BoundedSearch::found(const std::string& engine) {
  DecodedTrace d = decode_path(m_ts, m_solver.get_model(), m_path.states(m_depth + 1),
                               m_path.sels(m_depth));
  return trace_outcome(m_goal.name, m_goal.is_reachability ? Verdict::Reachable : Verdict::Violated,
                       std::move(d), engine, m_depth);
}

}  // namespace finwait::checker::symbolic
