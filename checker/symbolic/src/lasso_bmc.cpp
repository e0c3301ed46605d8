// Bounded lasso search: a path x0..xk of the model (with stuttering) and of the negated
// claim's automaton whose last position repeats an earlier one (state, automaton state and
// predicate values), with every acceptance set and every fairness assumption met on the cycle.
#include "engines.hpp"

#include <algorithm>

#include "finwait/checker/lasso_check.hpp"
#include "bounded_search.hpp"
#include "finwait/checker/symbolic/decode.hpp"
#include "liveness_encoding.hpp"
#include "unrolling.hpp"

namespace finwait::checker::symbolic {
namespace {

// "weak fairness of close(A): taken at step 7" for each fair class, read off the trace.
std::vector<std::string> cycle_notes(const model::SystemSemantics& sys, const model::Trace& trace,
                                     const properties::FairnessSpec& fairness) {
  const std::size_t start = *trace.cycle_start;
  std::vector<std::string> notes;
  for (int cls = 0; cls < properties::kStepClassCount; ++cls) {
    const properties::Fairness f = fairness.of[cls];
    if (f == properties::Fairness::None) continue;
    std::optional<std::size_t> taken, disabled;
    bool ever_enabled = false;
    for (std::size_t i = start; i < trace.steps.size(); ++i) {
      if (!taken && properties::step_class(trace.steps[i].step) == cls) taken = i + 1;
      bool enabled = false;
      sys.for_each_successor(trace.state_before(i), [&](const model::Transition& t) {
        enabled = enabled || properties::step_class(t.step) == cls;
      });
      ever_enabled = ever_enabled || enabled;
      if (!enabled && !disabled) disabled = i + 1;
    }
    const std::string what = std::string(f == properties::Fairness::Weak ? "weak" : "strong") +
                             " fairness of " + properties::class_name(cls) + ": ";
    if (taken) notes.push_back(what + "taken at step " + std::to_string(*taken));
    else if (!ever_enabled) notes.push_back(what + "never enabled in the cycle");
    else notes.push_back(what + "not enabled in the state before step " + std::to_string(*disabled));
  }
  return notes;
}

}  // namespace

ProofOutcome run_lasso_bmc(const TransitionSystem& ts, const properties::PropertySpec& spec,
                           unsigned bound, z3::context& ctx, const Deadline& deadline) {
  const LivenessEncoding live(ts, spec);
  bound = std::min(bound, kLargestBmcBound);
  Unrolling path(ctx, ts, Arithmetic::BitVector, bound);
  std::vector<z3::expr> q;
  std::vector<std::vector<z3::expr>> preds;
  z3::solver solver(ctx, "QF_BV");  // bit-blasted: see bmc.cpp
  auto add_position = [&](std::size_t i) {
    q.push_back(path.number("q@" + std::to_string(i),
                            static_cast<unsigned>(live.automaton().states.size())));
    const std::optional<StepContext> step = path.step_into(i);
    preds.push_back(live.predicates(path.state(i), step ? &*step : nullptr));
    solver.add(live.label_holds(q[i], preds[i]));
    if (i == 0) {
      solver.add(ts.initial(path.state(0)) && live.initial(q[0]));
    } else {
      solver.add(path.transition(i - 1, true));
      solver.add(live.edge(q[i - 1], q[i]));
    }
  };
  add_position(0);
  std::vector<Lemma> lemmas;
  for (unsigned k = 1; k <= bound; ++k) {
    // Building a large unrolling step is not interruptible; stop between steps instead.
    if (deadline.expired()) return unknown_outcome(spec.name, "lasso-bmc", "timeout at lasso length " + std::to_string(k));
    add_position(k);
    // Constrain every position by the model's inductive lemmas from here on, as BMC does
    // (bounded_search.cpp): no lasso is lost, and unreachable ones need not be refuted.
    if (k == kStrengthenFromDepth) {
      lemmas = inductive_lemmas(ts, ctx, deadline);
      for (unsigned i = 0; i < k; ++i) solver.add(conjunction(ts, lemmas, path.state(i)));
    }
    if (!lemmas.empty()) solver.add(conjunction(ts, lemmas, path.state(k)));
    solver.push();
    const z3::expr loop = path.number("loop@" + std::to_string(k), k);
    solver.add(less(loop, static_cast<int>(k)));
    z3::expr_vector closes(ctx);
    for (unsigned l = 0; l < k; ++l) {
      z3::expr same = ts.equal(path.state(k), path.state(l)) && q[k] == q[l];
      for (std::size_t p = 0; p < preds[k].size(); ++p) same = same && preds[k][p] == preds[l][p];
      closes.push_back(loop == static_cast<int>(l) && same);
    }
    solver.add(z3::mk_or(closes));
    auto in_cycle = [&](unsigned i) { return less_eq(loop, static_cast<int>(i)); };
    for (std::size_t set = 0; set < live.automaton().acceptance.size(); ++set) {
      z3::expr_vector visits(ctx);
      for (unsigned i = 0; i < k; ++i)
        visits.push_back(in_cycle(i) && live.in_acceptance_set(set, q[i]));
      solver.add(z3::mk_or(visits));
    }
    for (int cls : live.weak()) {
      z3::expr_vector ok(ctx);
      for (unsigned i = 0; i < k; ++i)
        ok.push_back(in_cycle(i) && (live.taken(cls, path.sel(i)) || !live.enabled(cls, path.state(i))));
      solver.add(z3::mk_or(ok));
    }
    for (int cls : live.strong()) {
      z3::expr_vector taken(ctx), never(ctx);
      for (unsigned i = 0; i < k; ++i) {
        taken.push_back(in_cycle(i) && live.taken(cls, path.sel(i)));
        never.push_back(z3::implies(in_cycle(i), !live.enabled(cls, path.state(i))));
      }
      solver.add(z3::mk_or(taken) || z3::mk_and(never));
    }
    const z3::check_result r = deadline.check([&] { return solver.check(); });
    if (r == z3::sat) {
      const z3::model m = solver.get_model();
      const auto start = static_cast<std::size_t>(m.eval(loop, true).get_numeral_int());
      DecodedTrace d = decode_path(ts, m, path.states(k + 1), path.sels(k), start);
      const model::SystemSemantics sys(d.replay_config);
      if (auto problem = lasso_problem(sys, d.trace, spec.claim, spec.fairness))
        throw std::logic_error("Z3 lasso for '" + spec.name + "' fails the independent check: " +
                               *problem);
      std::vector<std::string> notes = cycle_notes(sys, d.trace, spec.fairness);
      ProofOutcome out = trace_outcome(spec.name, Verdict::Violated, std::move(d), "lasso-bmc", k);
      out.result.notes = std::move(notes);
      return out;
    }
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
