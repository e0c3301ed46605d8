// Bounded lasso search: a path x0..xk of the model (with stuttering) and of the negated
// claim's automaton whose last position repeats an earlier one (state, automaton state and
// predicate values), with every acceptance set and every fairness assumption met on the cycle.
#include "engines.hpp"

#include <algorithm>

#include "finwait/checker/lasso_check.hpp"
#include "finwait/checker/lasso_notes.hpp"
#include "bounded_search.hpp"
#include "finwait/checker/symbolic/decode.hpp"
#include "liveness_encoding.hpp"
#include "unrolling.hpp"

namespace finwait::checker::symbolic {
namespace {

// The unrolled path x0..xk with the automaton state q and the predicates' values at each
// position, added to `solver` one position at a time.
class LassoUnrolling {
 public:
  LassoUnrolling(const TransitionSystem& ts, const LivenessEncoding& live, z3::context& ctx,
                 unsigned bound, z3::solver& solver)
      : m_ts(ts), m_live(live), m_path(ctx, ts, Arithmetic::BitVector, bound), m_solver(solver) {}

  Unrolling& path() { return m_path; }

  void add_position(std::size_t i) {
    m_q.push_back(m_path.number("q@" + std::to_string(i),
                                static_cast<unsigned>(m_live.automaton().states.size())));
    const std::optional<StepContext> step = m_path.step_into(i);
    m_preds.push_back(m_live.predicates(m_path.state(i), step ? &*step : nullptr));
    m_solver.add(m_live.label_holds(m_q[i], m_preds[i]));
    if (i == 0) {
      m_solver.add(m_ts.initial(m_path.state(0)) && m_live.initial(m_q[0]));
    } else {
      m_solver.add(m_path.transition(i - 1, true));
      m_solver.add(m_live.edge(m_q[i - 1], m_q[i]));
    }
  }

  // Position k repeats position `loop` (state, automaton state and predicate values).
  z3::expr closes(unsigned k, const z3::expr& loop) {
    z3::expr_vector any(loop.ctx());
    for (unsigned l = 0; l < k; ++l) {
      z3::expr same = m_ts.equal(m_path.state(k), m_path.state(l)) && m_q[k] == m_q[l];
      for (std::size_t p = 0; p < m_preds[k].size(); ++p) same = same && m_preds[k][p] == m_preds[l][p];
      any.push_back(loop == static_cast<int>(l) && same);
    }
    return z3::mk_or(any);
  }

  // The cycle loop..k-1 visits every acceptance set and meets every fairness assumption.
  z3::expr fair_and_accepting(unsigned k, const z3::expr& loop) {
    z3::expr_vector all(loop.ctx());
    auto in_cycle = [&](unsigned i) { return less_eq(loop, static_cast<int>(i)); };
    for (std::size_t set = 0; set < m_live.automaton().acceptance.size(); ++set)
      all.push_back(any_in_cycle(k, [&](unsigned i) { return in_cycle(i) && m_live.in_acceptance_set(set, m_q[i]); }));
    for (int cls : m_live.weak())
      all.push_back(any_in_cycle(k, [&](unsigned i) {
        return in_cycle(i) && (m_live.taken(cls, m_path.sel(i)) || !m_live.enabled(cls, m_path.state(i)));
      }));
    for (int cls : m_live.strong()) {
      z3::expr_vector never(loop.ctx());
      for (unsigned i = 0; i < k; ++i) never.push_back(z3::implies(in_cycle(i), !m_live.enabled(cls, m_path.state(i))));
      all.push_back(any_in_cycle(k, [&](unsigned i) { return in_cycle(i) && m_live.taken(cls, m_path.sel(i)); }) ||
                    z3::mk_and(never));
    }
    return z3::mk_and(all);
  }

 private:
  template <class F>
  z3::expr any_in_cycle(unsigned k, F&& at) const {
    z3::expr_vector any(m_solver.ctx());
    for (unsigned i = 0; i < k; ++i) any.push_back(at(i));
    return z3::mk_or(any);
  }

  const TransitionSystem& m_ts;
  const LivenessEncoding& m_live;
  Unrolling m_path;
  z3::solver& m_solver;
  std::vector<z3::expr> m_q;
  std::vector<std::vector<z3::expr>> m_preds;
};

// The lasso in Z3's model, checked independently of Z3 and annotated with fairness notes.
ProofOutcome lasso_found(const TransitionSystem& ts, const properties::PropertySpec& spec,
                         LassoUnrolling& lasso, const z3::model& m, const z3::expr& loop, unsigned k) {
  const auto start = static_cast<std::size_t>(m.eval(loop, true).get_numeral_int());
  DecodedTrace d = decode_path(ts, m, lasso.path().states(k + 1), lasso.path().sels(k), start);
  const model::SystemSemantics sys(d.replay_config);
  if (auto problem = lasso_problem(sys, d.trace, spec.claim, spec.fairness))
    throw std::logic_error("Z3 lasso for '" + spec.name + "' fails the independent check: " + *problem);
  drop_redundant_idles(sys, d.trace, spec.claim, spec.fairness);
  std::vector<std::string> notes = fairness_notes(sys, d.trace, spec.fairness);
  ProofOutcome out = trace_outcome(spec.name, Verdict::Violated, std::move(d), "lasso-bmc", k);
  out.result.notes = std::move(notes);
  return out;
}

}  // namespace

ProofOutcome run_lasso_bmc(const TransitionSystem& ts, const properties::PropertySpec& spec,
                           unsigned bound, z3::context& ctx, const Deadline& deadline) {
  const LivenessEncoding live(ts, spec, deadline);
  bound = std::min(bound, kLargestBmcBound);
  z3::solver solver(ctx, "QF_BV");  // bit-blasted: see bmc.cpp
  LassoUnrolling lasso(ts, live, ctx, bound, solver);
  lasso.add_position(0);
  std::vector<Lemma> lemmas;
  for (unsigned k = 1; k <= bound; ++k) {
    // Building a large unrolling step is not interruptible; stop between steps instead.
    if (deadline.expired()) return unknown_outcome(spec.name, "lasso-bmc", "timeout at lasso length " + std::to_string(k));
    lasso.add_position(k);
    // Constrain every position by the model's inductive lemmas from here on, as BMC does
    // (bounded_search.cpp): no lasso is lost, and unreachable ones need not be refuted.
    if (k == kStrengthenFromDepth) {
      lemmas = inductive_lemmas(ts, ctx, deadline);
      for (unsigned i = 0; i < k; ++i) solver.add(conjunction(ts, lemmas, lasso.path().state(i)));
    }
    if (!lemmas.empty()) solver.add(conjunction(ts, lemmas, lasso.path().state(k)));
    solver.push();
    const z3::expr loop = lasso.path().number("loop@" + std::to_string(k), k);
    solver.add(less(loop, static_cast<int>(k)) && lasso.closes(k, loop) && lasso.fair_and_accepting(k, loop));
    const z3::check_result r = deadline.check([&] { return solver.check(); });
    if (r == z3::sat) return lasso_found(ts, spec, lasso, solver.get_model(), loop, k);
    if (r == z3::unknown)
      return unknown_outcome(spec.name, "lasso-bmc",
                             deadline.expired() ? "timeout at lasso length " + std::to_string(k)
                                                : "Z3: " + solver.reason_unknown());
    solver.pop();
  }
  return unknown_outcome(spec.name, "lasso-bmc",
                         "no fair lasso of at most " + std::to_string(bound) + " steps");
}

}  // namespace finwait::checker::symbolic
