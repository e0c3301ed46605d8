// k-liveness (Claessen & Sörensson, FMCAD 2012) for temporal claims under fairness.
//
// A run violates the claim fairly iff, in the product with the negated claim's Büchi
// automaton, it completes infinitely many "rounds": stretches in which every acceptance set
// is visited and every fairness assumption is met. Weak fairness of a class is met by a step
// that takes it or by a state where it is disabled. Strong fairness is first reduced to that
// form: a run may guess, once and for good, that the class is never enabled again (the
// guess is checked at every later state); a strong class is met by a step that takes it or
// by its guess. A counter counts completed rounds; if Spacer proves that no run completes
// more than k rounds, no fair run violates the claim. This needs no finiteness: with
// capacity inf the channel counts are unbounded integers and the argument is the same.
// k is raised until Spacer proves the bound or time runs out; the proof's inductive
// invariant is re-checked in a fresh solver before "holds" is reported.
#include "engines.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <sstream>

#include "invariant_printer.hpp"
#include "liveness_encoding.hpp"
#include "spacer.hpp"

namespace finwait::checker::symbolic {
namespace {

// The augmented state, as the arguments of the relation "Rounds".
struct RoundState {
  StateVars x;
  z3::expr q, count;
  std::vector<z3::expr> met, never;  // per round condition; per strong class

  RoundState(z3::context& ctx, const TransitionSystem& ts, const std::vector<std::string>& met_names,
             const std::vector<std::string>& never_names, const std::string& tag)
      : x(ctx, ts.layout(), tag), q(ctx.int_const(name("automaton", tag).c_str())),
        count(ctx.int_const(name("rounds", tag).c_str())) {
    for (const std::string& n : met_names) met.push_back(ctx.bool_const(name(n, tag).c_str()));
    for (const std::string& n : never_names) never.push_back(ctx.bool_const(name(n, tag).c_str()));
  }
  z3::expr_vector vars() const {
    z3::expr_vector out = x.as_vector();
    out.push_back(q);
    for (const z3::expr& e : met) out.push_back(e);
    for (const z3::expr& e : never) out.push_back(e);
    out.push_back(count);
    return out;
  }

 private:
  // The certificate prints untagged names ("rounds", "met.weak.close.A").
  static std::string name(const std::string& base, const std::string& tag) {
    return tag.empty() ? base : base + "@" + tag;
  }
};

// The product of the model, the automaton and the round bookkeeping, as Horn-clause terms.
class RoundSystem {
 public:
  RoundSystem(const TransitionSystem& ts, const properties::PropertySpec& spec, z3::context& ctx,
              const Deadline& deadline)
      : m_ts(ts), m_live(ts, spec, deadline), m_names(build_condition_names()), m_never_names(build_guess_names()),
        m_cur(ctx, ts, m_names, m_never_names, "c"), m_nxt(ctx, ts, m_names, m_never_names, "n"),
        m_sel(ctx.int_const("step")) {}

  const RoundState& cur() const { return m_cur; }
  const RoundState& nxt() const { return m_nxt; }
  const std::vector<std::string>& condition_names() const { return m_names; }
  const properties::Buchi& automaton() const { return m_live.automaton(); }
  RoundState plain(z3::context& ctx) const { return RoundState(ctx, m_ts, m_names, m_never_names, ""); }

  z3::expr start(const RoundState& s) const {
    z3::expr out = m_ts.initial(s.x) && m_live.initial(s.q) &&
                   m_live.label_holds(s.q, m_live.predicates(s.x, nullptr)) && s.count == 0 &&
                   guesses_hold(s);
    for (const z3::expr& m : s.met) out = out && !m;
    return out;
  }

  // One step of the product from c to n, with the round bookkeeping.
  z3::expr step(const RoundState& c, const RoundState& n) const {
    const StepContext context{m_sel, c.x};
    z3::expr out = m_ts.transition(c.x, m_sel, n.x, true) && m_live.edge(c.q, n.q) &&
                   m_live.label_holds(n.q, m_live.predicates(n.x, &context)) && guesses_hold(n);
    for (std::size_t j = 0; j < c.never.size(); ++j) out = out && z3::implies(c.never[j], n.never[j]);
    const std::vector<z3::expr> met = met_after(c);
    z3::expr_vector all(c.q.ctx());
    for (const z3::expr& m : met) all.push_back(m);
    const z3::expr done = z3::mk_and(all);
    out = out && n.count == z3::ite(done, c.count + 1, c.count);
    for (std::size_t i = 0; i < met.size(); ++i) out = out && n.met[i] == (met[i] && !done);
    return out;
  }

  z3::expr_vector step_vars() const {
    z3::expr_vector all = m_cur.vars();
    for (const z3::expr& v : m_nxt.vars()) all.push_back(v);
    all.push_back(m_sel);
    return all;
  }

 private:
  // The round conditions met once the step m_sel is taken from c.
  std::vector<z3::expr> met_after(const RoundState& c) const {
    std::vector<z3::expr> out;
    std::size_t i = 0;
    for (std::size_t set = 0; set < m_live.automaton().acceptance.size(); ++set, ++i)
      out.push_back(c.met[i] || m_live.in_acceptance_set(set, c.q));
    for (int cls : m_live.weak()) {
      out.push_back(c.met[i] || m_live.taken(cls, m_sel) || !m_live.enabled(cls, c.x));
      ++i;
    }
    for (std::size_t j = 0; j < m_live.strong().size(); ++j, ++i)
      out.push_back(c.met[i] || m_live.taken(m_live.strong()[j], m_sel) || c.never[j]);
    return out;
  }

  // A strong class guessed never enabled again is not enabled here.
  z3::expr guesses_hold(const RoundState& s) const {
    z3::expr out = s.q.ctx().bool_val(true);
    for (std::size_t j = 0; j < s.never.size(); ++j)
      out = out && z3::implies(s.never[j], !m_live.enabled(m_live.strong()[j], s.x));
    return out;
  }

  std::vector<std::string> build_condition_names() const {
    std::vector<std::string> out;
    for (std::size_t set = 0; set < m_live.automaton().acceptance.size(); ++set)
      out.push_back(fmt::format("met.accepting{}", set));
    for (int cls : m_live.weak()) out.push_back("met.weak." + symbol(cls));
    for (int cls : m_live.strong()) out.push_back("met.strong." + symbol(cls));
    return out;
  }
  std::vector<std::string> build_guess_names() const {
    std::vector<std::string> out;
    for (int cls : m_live.strong()) out.push_back("never." + symbol(cls));
    return out;
  }

  // "close(A)" as "close.A": a name Z3 prints without |quotes|.
  static std::string symbol(int cls) {
    std::string out = properties::class_name(cls);
    out[out.find('(')] = '.';
    out.pop_back();
    return out;
  }

  const TransitionSystem& m_ts;
  const LivenessEncoding m_live;
  std::vector<std::string> m_names, m_never_names;
  RoundState m_cur, m_nxt;
  z3::expr m_sel;
};

// Initiation, consecution and the bound, for the invariant over the relation's arguments.
bool certificate_checks(const RoundSystem& sys, z3::expr cover, unsigned k, z3::context& ctx,
                        const Deadline& deadline) {
  const z3::expr inv_c = cover.substitute(sys.cur().vars());
  const z3::expr inv_n = cover.substitute(sys.nxt().vars());
  z3::solver s(ctx);
  s.add(!(z3::implies(sys.start(sys.cur()), inv_c) &&
          z3::implies(inv_c && sys.step(sys.cur(), sys.nxt()), inv_n) &&
          z3::implies(inv_c, sys.cur().count <= static_cast<int>(k))));
  return deadline.check([&] { return s.check(); }) == z3::unsat;
}

// "automaton = 2: A = CLOSE_WAIT and not (A != CLOSE_WAIT); initial; accepting in 0": what
// each state of the negated claim's automaton requires of the position it reads.
std::string automaton_legend(const properties::Buchi& b) {
  std::string out = "where the automaton states (of the negated claim) read:\n";
  for (std::size_t st = 0; st < b.states.size(); ++st) {
    std::vector<std::string> parts;
    for (std::size_t i = 0; i < b.predicates.size(); ++i) {
      if (b.states[st].positive >> i & 1) parts.push_back(properties::to_string(b.predicates[i]));
      if (b.states[st].negative >> i & 1)
        parts.push_back("not (" + properties::to_string(b.predicates[i]) + ")");
    }
    std::string label = parts.empty() ? "true" : parts.front();
    for (std::size_t i = 1; i < parts.size(); ++i) label += " and " + parts[i];
    std::string sets;
    for (std::size_t a = 0; a < b.acceptance.size(); ++a)
      if (b.acceptance[a][st]) sets += (sets.empty() ? "" : ", ") + std::to_string(a);
    const bool initial = std::find(b.initial.begin(), b.initial.end(), static_cast<int>(st)) != b.initial.end();
    out += fmt::format("  automaton = {}: {}{}{}\n", st, label, initial ? "; initial" : "",
                       sets.empty() ? "" : "; accepting in " + sets);
  }
  return out + "and the invariant is:\n";
}

std::string certificate_text(const TransitionSystem& ts, const RoundSystem& sys, z3::expr cover,
                             unsigned k, z3::context& ctx) {
  const RoundState plain = sys.plain(ctx);
  std::string out = fmt::format(
      "k-liveness: no run completes more than {} round(s). A round ends when every condition "
      "below has been met since the last one:\n",
      k);
  for (const std::string& n : sys.condition_names()) out += "  " + n + "\n";
  out +=
      "(accepting sets of the negated claim's automaton; weak classes taken or disabled; strong "
      "classes taken or guessed never enabled again, guesses in never.*). Inductive invariant "
      "over the model state, the automaton state, the round flags and the count \"rounds\",\n";
  out += automaton_legend(sys.automaton());
  std::istringstream lines(print_invariant(cover.substitute(plain.vars()), ts.layout(), plain.x));
  for (std::string line; std::getline(lines, line);)
    if (line != "  true") out += line + "\n";  // Spacer leaves trivial conjuncts
  return out;
}

// The bounds tried in turn: every k up to 4, then growing geometrically.
unsigned next_bound(unsigned k) { return k < 4 ? k + 1 : k + k / 2; }

}  // namespace

ProofOutcome run_kliveness(const TransitionSystem& ts, const properties::PropertySpec& spec,
                           bool want_certificate, z3::context& ctx, const Deadline& deadline) {
  const RoundSystem sys(ts, spec, ctx, deadline);
  z3::sort_vector sorts(ctx);
  for (const z3::expr& v : sys.cur().vars()) sorts.push_back(v.get_sort());
  z3::func_decl rounds = ctx.function("Rounds", sorts, ctx.bool_sort());
  const z3::expr_vector cur_vars = sys.cur().vars(), all = sys.step_vars();
  // Model invariants proved beforehand (lemmas.hpp), which PDR uses, made Spacer slower here
  // (time-wait-before-closed: 17 s without, over 60 s with): not used.
  const z3::expr start = sys.start(sys.cur());
  const z3::expr step = sys.step(sys.cur(), sys.nxt());
  for (unsigned k = 0;; k = next_bound(k)) {
    z3::func_decl bad = ctx.function(fmt::format("MoreThan{}Rounds", k).c_str(), z3::sort_vector(ctx),
                                     ctx.bool_sort());
    z3::fixedpoint fp(ctx);
    use_spacer(fp, {rounds, bad});
    add_horn_rule(fp, cur_vars, start, rounds(cur_vars), "start");
    add_horn_rule(fp, all, rounds(cur_vars) && step, rounds(sys.nxt().vars()), "step");
    add_horn_rule(fp, cur_vars, rounds(cur_vars) && sys.cur().count > static_cast<int>(k), bad(),
                  "too-many-rounds");
    const z3::check_result r = query(fp, bad, deadline);
    if (r == z3::unknown)
      return unknown_outcome(spec.name, "k-liveness",
                             deadline.expired()
                                 ? fmt::format("timeout (runs with {} round(s) exist)", k)
                                 : "Spacer: " + fp.reason_unknown());
    if (r == z3::sat) continue;  // some run completes k+1 rounds: try a larger bound
    z3::expr cover = fp.get_cover_delta(-1, rounds);
    if (!certificate_checks(sys, cover, k, ctx, deadline)) {
      if (deadline.expired())
        return unknown_outcome(spec.name, "k-liveness", "timeout while re-checking the certificate");
      throw std::logic_error("Spacer's k-liveness invariant for '" + spec.name + "' does not re-check");
    }
    ProofOutcome out;
    out.result.name = spec.name;
    out.result.verdict = Verdict::Holds;
    out.engine = "k-liveness";
    out.depth = k;
    out.result.notes.push_back(fmt::format(
        "no fair run violates the claim: none completes more than {} round(s) (k-liveness, "
        "Spacer; certificate re-checked)",
        k));
    out.is_certificate = true;
    if (want_certificate) out.invariant = certificate_text(ts, sys, cover, k, ctx);
    return out;
  }
}

}  // namespace finwait::checker::symbolic
