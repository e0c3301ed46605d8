// PDR by Z3's Spacer engine: "Reach" is the least relation containing the initial states and
// closed under the transition relation; the query asks whether it meets the target.
#include "engines.hpp"

#include <fmt/format.h>

#include <optional>

#include "invariant_printer.hpp"
#include "lemmas.hpp"
#include "spacer.hpp"
#include "unrolling.hpp"

namespace finwait::checker::symbolic {
namespace {

// Re-checks a Spacer invariant with a plain solver: initiation, consecution, safety. A proof
// whose invariant fails this is never reported.
bool invariant_checks(const TransitionSystem& ts, const SafetyGoal& goal, const z3::expr& inv_x,
                      const z3::expr& inv_y, const StateVars& x, const z3::expr& sel,
                      const StateVars& y, z3::context& ctx, const Deadline& deadline) {
  z3::solver s(ctx);
  const StepContext step{sel, x};
  s.add(!(z3::implies(ts.initial(x), inv_x) &&
          z3::implies(inv_x && ts.transition(x, sel, y), inv_y) &&
          z3::implies(ts.initial(x), !goal.target(x, nullptr)) &&
          (goal.reads_step ? z3::implies(inv_x && ts.transition(x, sel, y), !goal.target(y, &step))
                           : z3::implies(inv_x, !goal.target(x, nullptr)))));
  return deadline.check([&] { return s.check(); }) == z3::unsat;
}

ProofOutcome proved(const SafetyGoal& goal, const std::string& engine, const std::string& note) {
  ProofOutcome out;
  out.result.name = goal.name;
  out.result.verdict = goal.is_reachability ? Verdict::Unreachable : Verdict::Holds;
  out.engine = engine;
  out.result.notes.push_back(note);
  return out;
}

// Lemmas read off the state space and proved inductive (lemmas.hpp) settle some invariants
// on which Spacer alone stalls. When they exclude the target by themselves, that is the
// proof. Otherwise Spacer runs on the plain system: with the lemmas in its rules it was
// slower as often as faster (no-unexpected, fifo capacity 3 with dup: 33 s without, 60 s with).
std::optional<ProofOutcome> prove_by_lemmas(const TransitionSystem& ts, const SafetyGoal& goal,
                                            bool want_invariant, const StateVars& x,
                                            const z3::expr& sel, const StateVars& y,
                                            z3::context& ctx, const Deadline& deadline) {
  const std::vector<Lemma> lemmas = inductive_lemmas(ts, ctx, deadline);
  if (lemmas.empty()) return std::nullopt;
  if (!invariant_checks(ts, goal, conjunction(ts, lemmas, x), conjunction(ts, lemmas, y), x, sel, y, ctx,
                        deadline))
    return std::nullopt;
  const std::string source = ts.config().capacity_infinite()
                                 ? fmt::format("the state space at capacity {}", kLemmaSampleCapacity)
                                 : std::string("the state space");
  ProofOutcome out = proved(goal, "houdini",
                            fmt::format("inductive invariant of {} lemmas from {}, proved by Z3 (Houdini)",
                                        lemmas.size(), source));
  if (want_invariant) {
    // Print only the lemmas the proof needs (hundreds are inductive; a handful matter).
    std::vector<Lemma> needed = needed_lemmas(
        ts, lemmas,
        [&ts, &goal](const StateVars& a, const z3::expr& s, const StateVars& b) {
          const StepContext into{s, a};
          return goal.reads_step ? ts.transition(a, s, b) && goal.target(b, &into) : goal.target(a, nullptr);
        },
        ctx, deadline);
    if (needed.size() < lemmas.size() &&
        !invariant_checks(ts, goal, conjunction(ts, needed, x), conjunction(ts, needed, y), x, sel, y,
                          ctx, deadline)) {
      if (!deadline.expired()) throw std::logic_error("the needed lemmas for '" + goal.name + "' do not re-check");
      needed = lemmas;
    }
    const StateVars plain(ctx, ts.layout(), "inv");
    out.invariant = print_invariant(conjunction(ts, needed, plain), ts.layout(), plain);
    out.result.notes.back() += fmt::format("; {} of them needed", needed.size());
  }
  return out;
}

// Reach(x) over the model, and Bad() when the target is reachable, as Horn clauses.
struct HornProblem {
  z3::fixedpoint fp;
  z3::func_decl reach, bad;
};

void add_rules(HornProblem& h, const TransitionSystem& ts, const SafetyGoal& goal, const StateVars& x,
               const z3::expr& sel, const StateVars& y) {
  z3::expr_vector xs = x.as_vector(), all = x.as_vector();
  for (const z3::expr& v : y.all()) all.push_back(v);
  all.push_back(sel);
  const z3::expr reach_x = h.reach(xs), reach_y = h.reach(y.as_vector());
  const StepContext step{sel, x};
  add_horn_rule(h.fp, xs, ts.initial(x), reach_x, "init");
  add_horn_rule(h.fp, all, reach_x && ts.transition(x, sel, y), reach_y, "step");
  add_horn_rule(h.fp, xs, ts.initial(x) && goal.target(x, nullptr), h.bad(), "target-initial");
  if (goal.reads_step)
    add_horn_rule(h.fp, all, reach_x && ts.transition(x, sel, y) && goal.target(y, &step), h.bad(),
                  "target");
  else
    add_horn_rule(h.fp, xs, reach_x && goal.target(x, nullptr), h.bad(), "target");
}

// Spacer answered "unreachable": its invariant (the cover of Reach at the fixpoint, level
// -1, over Reach's arguments as de Bruijn variables) is re-checked over named state constants.
ProofOutcome invariant_outcome(const TransitionSystem& ts, const SafetyGoal& goal, HornProblem& h,
                               bool want_invariant, const StateVars& x, const z3::expr& sel,
                               const StateVars& y, z3::context& ctx, const Deadline& deadline) {
  ProofOutcome out = proved(goal, "pdr", "inductive invariant found by Spacer and re-checked");
  out.depth = h.fp.get_num_levels(h.reach);
  z3::expr cover = h.fp.get_cover_delta(-1, h.reach);
  const z3::expr inv_x = cover.substitute(x.as_vector());
  const z3::expr inv_y = cover.substitute(y.as_vector());
  if (!invariant_checks(ts, goal, inv_x, inv_y, x, sel, y, ctx, deadline)) {
    if (deadline.expired()) return unknown_outcome(goal.name, "pdr", "timeout while re-checking the invariant");
    throw std::logic_error("Spacer's invariant for '" + goal.name + "' does not re-check");
  }
  if (want_invariant) {
    const StateVars plain(ctx, ts.layout(), "inv");
    out.invariant = print_invariant(cover.substitute(plain.as_vector()), ts.layout(), plain);
  }
  return out;
}

}  // namespace

ProofOutcome run_pdr(const TransitionSystem& ts, const SafetyGoal& goal, bool want_invariant,
                     z3::context& ctx, const Deadline& deadline) {
  const StateVars x(ctx, ts.layout(), "x"), y(ctx, ts.layout(), "y");
  const z3::expr sel = ctx.int_const("step");
  if (auto done = prove_by_lemmas(ts, goal, want_invariant, x, sel, y, ctx, deadline)) return *done;
  z3::sort_vector sorts(ctx);
  for (std::size_t i = 0; i < x.size(); ++i) sorts.push_back(ctx.int_sort());
  HornProblem h{z3::fixedpoint(ctx), ctx.function("Reach", sorts, ctx.bool_sort()),
                ctx.function("Bad", z3::sort_vector(ctx), ctx.bool_sort())};
  use_spacer(h.fp, {h.reach, h.bad});
  add_rules(h, ts, goal, x, sel, y);
  const z3::check_result r = query(h.fp, h.bad, deadline);
  if (r == z3::unknown)
    return unknown_outcome(goal.name, "pdr",
                           deadline.expired() ? "timeout" : "Spacer: " + h.fp.reason_unknown());
  if (r == z3::sat) {
    // Spacer's derivation is not shortest; BMC finds the shortest path, which must exist.
    ProofOutcome out = run_bmc(ts, goal, 1000000, ctx, deadline);
    out.engine = "pdr+bmc";
    return out;
  }
  return invariant_outcome(ts, goal, h, want_invariant, x, sel, y, ctx, deadline);
}

}  // namespace finwait::checker::symbolic
