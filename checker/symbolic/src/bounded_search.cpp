// Incremental BMC (see bounded_search.hpp) and the small pieces every engine's result needs.
#include "bounded_search.hpp"

#include "finwait/checker/symbolic/decode.hpp"
#include "lemmas.hpp"

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

// From depth kStrengthenFromDepth on, every state of the path is constrained by the model's
// inductive lemmas (lemmas.hpp): facts Z3 has proved of every reachable state, so no path is
// lost, while the SAT solver no longer refutes, depth after depth, paths through states that
// cannot be reached. As in Kind 2, where invariant generation feeds BMC. Measured on the
// default model, no-unexpected to depth 30: 22 s without, 2.4 s with (docs/z3.md).
z3::check_result BoundedSearch::ask() {
  const z3::check_result r = check_assuming(m_solver, target_at(m_goal, m_path, m_depth),
                                            "target@" + std::to_string(m_depth), m_deadline);
  if (r != z3::unsat) return r;
  m_solver.add(m_path.transition(m_depth++));
  if (m_depth == kStrengthenFromDepth) {
    // Most counterexamples here are shorter, and found before the lemmas would be ready.
    m_lemmas = inductive_lemmas(m_ts, m_solver.ctx(), m_deadline);
    for (unsigned i = 0; i < m_depth; ++i) m_solver.add(conjunction(m_ts, m_lemmas, m_path.state(i)));
  }
  if (!m_lemmas.empty()) m_solver.add(conjunction(m_ts, m_lemmas, m_path.state(m_depth)));
  return r;
}

ProofOutcome BoundedSearch::found(const std::string& engine) {
  DecodedTrace d = decode_path(m_ts, m_solver.get_model(), m_path.states(m_depth + 1),
                               m_path.sels(m_depth));
  return trace_outcome(m_goal.name, m_goal.is_reachability ? Verdict::Reachable : Verdict::Violated,
                       std::move(d), engine, m_depth);
}

}  // namespace finwait::checker::symbolic
