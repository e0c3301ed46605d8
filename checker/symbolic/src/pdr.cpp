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

}  // namespace

ProofOutcome run_pdr(const TransitionSystem& ts, const SafetyGoal& goal, bool want_invariant,
                     z3::context& ctx, const Deadline& deadline) {
  const StateVars x(ctx, ts.layout(), "x"), y(ctx, ts.layout(), "y");
  const z3::expr sel = ctx.int_const("step");
  if (auto done = prove_by_lemmas(ts, goal, want_invariant, x, sel, y, ctx, deadline)) return *done;
  z3::sort_vector sorts(ctx);
  for (std::size_t i = 0; i < x.size(); ++i) sorts.push_back(ctx.int_sort());
  z3::func_decl reach = ctx.function("Reach", sorts, ctx.bool_sort());
  z3::func_decl bad = ctx.function("Bad", z3::sort_vector(ctx), ctx.bool_sort());

  z3::fixedpoint fp(ctx);
  use_spacer(fp, {reach, bad});

  z3::expr_vector xs = x.as_vector(), all = x.as_vector();
  for (const z3::expr& v : y.all()) all.push_back(v);
  all.push_back(sel);
  const z3::expr reach_x = reach(xs), reach_y = reach(y.as_vector());
  const StepContext step{sel, x};

  add_horn_rule(fp, xs, ts.initial(x), reach_x, "init");
  add_horn_rule(fp, all, reach_x && ts.transition(x, sel, y), reach_y, "step");
  add_horn_rule(fp, xs, ts.initial(x) && goal.target(x, nullptr), bad(), "target-initial");
  if (goal.reads_step)
    add_horn_rule(fp, all, reach_x && ts.transition(x, sel, y) && goal.target(y, &step), bad(),
                  "target");
  else
    add_horn_rule(fp, xs, reach_x && goal.target(x, nullptr), bad(), "target");

  const z3::check_result r = query(fp, bad, deadline);
  if (r == z3::unknown)
    return unknown_outcome(goal.name, "pdr",
                           deadline.expired() ? "timeout" : "Spacer: " + fp.reason_unknown());
  if (r == z3::sat) {
    // Spacer's derivation is not shortest; BMC finds the shortest path, which must exist.
    ProofOutcome out = run_bmc(ts, goal, 1000000, ctx, deadline);
    out.engine = "pdr+bmc";
    return out;
  }
  ProofOutcome out = proved(goal, "pdr", "inductive invariant found by Spacer and re-checked");
  out.depth = fp.get_num_levels(reach);
  // The cover of Reach at the fixpoint (level -1) is the inductive invariant, over Reach's
  // arguments as de Bruijn variables: substitute the named state constants back.
  z3::expr cover = fp.get_cover_delta(-1, reach);
  const z3::expr inv_x = cover.substitute(xs);
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

}  // namespace finwait::checker::symbolic
