// Liveness to safety (Biere, Artho, Schuppan 2002): a fair lasso exists iff some run can save
// a position (state, automaton state, predicate values) and later return to it having met
// every acceptance set and fairness assumption in between. Saving happens on arrival at a
// position; flags accumulate over the steps taken from saved positions. If Spacer proves the
// return unreachable, no fair lasso violates the claim; in a finite-state model every fair
// run that violates the claim yields such a lasso, so the claim holds.
#include "engines.hpp"

#include "liveness_encoding.hpp"
#include "spacer.hpp"

namespace finwait::checker::symbolic {
namespace {

// The augmented state, as the arguments of the relation "Live".
struct L2sState {
  StateVars x;
  z3::expr q, saved;
  StateVars saved_x;
  z3::expr saved_q;
  std::vector<z3::expr> saved_preds, flags;

  L2sState(z3::context& ctx, const TransitionSystem& ts, std::size_t preds, std::size_t flag_count,
           const std::string& tag)
      : x(ctx, ts.layout(), tag), q(ctx.int_const(("q@" + tag).c_str())),
        saved(ctx.bool_const(("saved@" + tag).c_str())), saved_x(ctx, ts.layout(), "hat" + tag),
        saved_q(ctx.int_const(("hatq@" + tag).c_str())) {
    for (std::size_t i = 0; i < preds; ++i)
      saved_preds.push_back(ctx.bool_const(("hatp" + std::to_string(i) + "@" + tag).c_str()));
    for (std::size_t i = 0; i < flag_count; ++i)
      flags.push_back(ctx.bool_const(("flag" + std::to_string(i) + "@" + tag).c_str()));
  }
  z3::expr_vector vars() const {
    z3::expr_vector out = x.as_vector();
    out.push_back(q);
    out.push_back(saved);
    for (const z3::expr& e : saved_x.all()) out.push_back(e);
    out.push_back(saved_q);
    for (const z3::expr& e : saved_preds) out.push_back(e);
    for (const z3::expr& e : flags) out.push_back(e);
    return out;
  }
};

z3::expr_vector args(std::initializer_list<const std::vector<z3::expr>*> parts) {
  z3::expr_vector out((*parts.begin())->front().ctx());
  for (const auto* part : parts)
    for (const z3::expr& e : *part) out.push_back(e);
  return out;
}

}  // namespace

ProofOutcome run_l2s(const TransitionSystem& ts, const properties::PropertySpec& spec,
                     z3::context& ctx, const Deadline& deadline) {
  if (ts.config().capacity_infinite())
    return unknown_outcome(spec.name, "l2s+pdr",
                           "liveness proofs need a finite state space (capacity inf: only "
                           "bounded lasso search)");
  const LivenessEncoding live(ts, spec);
  const std::size_t n_acc = live.automaton().acceptance.size();
  const std::size_t n_weak = live.weak().size(), n_strong = live.strong().size();
  // flags: acceptance sets seen, weak classes satisfied, strong classes taken, strong enabled
  const std::size_t n_flags = n_acc + n_weak + 2 * n_strong;
  const std::size_t n_preds = live.automaton().predicates.size();
  const L2sState cur(ctx, ts, n_preds, n_flags, "c"), nxt(ctx, ts, n_preds, n_flags, "n");
  const z3::expr sel = ctx.int_const("step");

  z3::sort_vector sorts(ctx);
  for (const z3::expr& v : cur.vars()) sorts.push_back(v.get_sort());
  z3::func_decl rel = ctx.function("Live", sorts, ctx.bool_sort());
  z3::func_decl bad = ctx.function("FairLasso", z3::sort_vector(ctx), ctx.bool_sort());
  z3::fixedpoint fp(ctx);
  use_spacer(fp, {rel, bad});

  const StepContext step{sel, cur.x};
  const std::vector<z3::expr> preds0 = live.predicates(cur.x, nullptr);
  const std::vector<z3::expr> preds_next = live.predicates(nxt.x, &step);
  const std::vector<z3::expr> zeros(ts.layout().size(), ctx.int_val(0));
  const std::vector<z3::expr> no_preds(n_preds, ctx.bool_val(false));
  const std::vector<z3::expr> cleared(n_flags, ctx.bool_val(false));
  const std::vector<z3::expr> q0{cur.q}, q1{nxt.q}, zero{ctx.int_val(0)};
  const std::vector<z3::expr> no{ctx.bool_val(false)}, yes{ctx.bool_val(true)};

  // Flags after the step `sel` taken from the current position (only while saved).
  std::vector<z3::expr> updated;
  {
    std::size_t f = 0;
    for (std::size_t set = 0; set < n_acc; ++set, ++f)
      updated.push_back(cur.flags[f] || live.in_acceptance_set(set, cur.q));
    for (int cls : live.weak())
      updated.push_back(cur.flags[f++] || live.taken(cls, sel) || !live.enabled(cls, cur.x));
    for (int cls : live.strong()) {
      updated.push_back(cur.flags[f++] || live.taken(cls, sel));
      updated.push_back(cur.flags[f++] || live.enabled(cls, cur.x));
    }
    for (std::size_t i = 0; i < n_flags; ++i) updated[i] = z3::ite(cur.saved, updated[i], cur.flags[i]);
  }

  const z3::expr start = ts.initial(cur.x) && live.initial(cur.q) && live.label_holds(cur.q, preds0);
  const z3::expr moves = rel(cur.vars()) && ts.transition(cur.x, sel, nxt.x, true) &&
                         live.edge(cur.q, nxt.q) && live.label_holds(nxt.q, preds_next);
  z3::expr_vector all = cur.vars();
  for (const z3::expr& v : nxt.x.all()) all.push_back(v);
  all.push_back(nxt.q);
  all.push_back(sel);
  const std::vector<z3::expr> cur_x = cur.x.all(), nxt_x = nxt.x.all(), hat_x = cur.saved_x.all();
  const std::vector<z3::expr> hat_q{cur.saved_q};

  add_horn_rule(fp, all, start,
           rel(args({&cur_x, &q0, &no, &zeros, &zero, &no_preds, &cleared})), "start");
  add_horn_rule(fp, all, start,
           rel(args({&cur_x, &q0, &yes, &cur_x, &q0, &preds0, &cleared})), "start-saved");
  const std::vector<z3::expr> saved_flag{cur.saved};
  add_horn_rule(fp, all, moves,
           rel(args({&nxt_x, &q1, &saved_flag, &hat_x, &hat_q, &cur.saved_preds, &updated})),
           "step");
  add_horn_rule(fp, all, moves && !cur.saved,
           rel(args({&nxt_x, &q1, &yes, &nxt_x, &q1, &preds_next, &cleared})), "save");
  z3::expr closes = cur.saved && ts.equal(nxt.x, cur.saved_x) && nxt.q == cur.saved_q;
  for (std::size_t i = 0; i < n_preds; ++i) closes = closes && preds_next[i] == cur.saved_preds[i];
  {
    std::size_t f = 0;
    for (std::size_t set = 0; set < n_acc; ++set) closes = closes && updated[f++];
    for (std::size_t w = 0; w < n_weak; ++w) closes = closes && updated[f++];
    for (std::size_t s = 0; s < n_strong; ++s, f += 2)
      closes = closes && (updated[f] || !updated[f + 1]);
  }
  add_horn_rule(fp, all, moves && closes, bad(), "closes");

  const z3::check_result r = query(fp, bad, deadline);
  if (r == z3::unknown)
    return unknown_outcome(spec.name, "l2s+pdr",
                           deadline.expired() ? "timeout" : "Spacer: " + fp.reason_unknown());
  if (r == z3::sat) {
    // A fair lasso exists; lasso search (until the deadline) finds a shortest one to show.
    ProofOutcome found = run_lasso_bmc(ts, spec, 100000, ctx, deadline);
    found.engine = "l2s+pdr, lasso-bmc";
    return found;
  }
  ProofOutcome out;
  out.result.name = spec.name;
  out.result.verdict = Verdict::Holds;
  out.engine = "l2s+pdr";
  out.result.notes.push_back("no fair lasso violates the claim (liveness-to-safety, Spacer)");
  return out;
}

}  // namespace finwait::checker::symbolic
