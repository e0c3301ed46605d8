// Fair ranking certificates (Manna & Pnueli's well-founded rule for response properties
// under weak and strong fairness), synthesised from templates, every premise proved by Z3.
//
// The claims handled are conjunctions of `eventually q`, `always eventually q`,
// `always (p implies eventually q)` and `eventually always q` (with q stable once reached):
// each holds if no fair run stays forever in the region "not q" from a reachable state. The
// argument for one region:
// 1. Endpoint cells. Within the region, the endpoint variables (st, retx, why of A and B)
//    only move forward: the graph of the cells they take, with an edge wherever a step goes
//    from one cell to another inside the region, has no cycle (Z3 computes the edges from the
//    transition relation). So a run that stays in the region ends up in one cell for good.
// 2. Helpful steps. For each cell, a fairness class whose steps end the stay: each of its
//    steps leaves the cell or lowers a measure, a weighted count of the segments in flight,
//    which no other step raises (weights found by counterexample-guided synthesis). A weak
//    class must be enabled throughout the cell; a strong one need not: if it is never taken
//    again it is eventually never enabled again, and the same rule shows that no fair run
//    stays in "the cell and the class disabled" for good (nested, up to three levels).
// Everything is relative to an inductive invariant (Houdini over lemmas read off the state
// space, lemmas.hpp), which holds in every reachable state. Before "holds" is reported every
// premise is re-checked in a fresh solver.
#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <map>
#include <memory>

#include "engines.hpp"
#include "invariant_printer.hpp"
#include "lemmas.hpp"
#include "liveness_encoding.hpp"

namespace finwait::checker::symbolic {
namespace {

using properties::Formula;

// A set of states, as a term over any copy of the state variables.
struct Region {
  std::function<z3::expr(const StateVars&)> holds;
  std::string text;
};

// What the claim asks: no fair run stays in any of `avoid` for good; every `stable` set, once
// entered, is never left.
struct Obligations {
  std::vector<Formula> avoid;
  std::vector<Formula> stable;
};

Formula negation(const Formula& f) {
  Formula out;
  out.kind = Formula::Kind::Not;
  out.children.push_back(f);
  return out;
}

bool state_condition(const Formula& f) { return !properties::is_temporal(f) && !properties::mentions_step(f); }

// The obligations of a claim, or nothing for a claim of another shape.
bool collect(const Formula& f, Obligations& out) {
  using K = Formula::Kind;
  const auto eventually_q = [](const Formula& g) {
    return g.kind == K::Eventually && state_condition(g.children[0]);
  };
  if (f.kind == K::And) {
    for (const Formula& c : f.children)
      if (!collect(c, out)) return false;
    return true;
  }
  if (eventually_q(f)) {  // eventually q
    out.avoid.push_back(negation(f.children[0]));
    return true;
  }
  if (f.kind == K::Always) {
    const Formula& g = f.children[0];
    if (eventually_q(g)) {  // always eventually q
      out.avoid.push_back(negation(g.children[0]));
      return true;
    }
    if (g.kind == K::Implies && state_condition(g.children[0]) && eventually_q(g.children[1])) {
      out.avoid.push_back(negation(g.children[1].children[0]));  // always (p implies eventually q)
      return true;
    }
    return false;
  }
  if (f.kind == K::Eventually && f.children[0].kind == K::Always &&
      state_condition(f.children[0].children[0])) {  // eventually always q, q stable
    out.avoid.push_back(negation(f.children[0].children[0]));
    out.stable.push_back(f.children[0].children[0]);
    return true;
  }
  return false;
}

// The search ran out of time, or Z3 could not decide a premise.
struct GiveUp {
  std::string why;
};

// Why no fair run stays in a region for good: the helpful class, the measure it lowers, and
// for a strong class not always enabled, the proof for the region with the class disabled.
struct StayProof {
  int cls = 0;
  bool strong = false;
  std::vector<int> weights;
  std::unique_ptr<StayProof> while_disabled;
};

// A fact the certificate rests on: `negation` is unsatisfiable in every invariant state
// (scope State), for every step between invariant states (Step), or outright (Own).
struct Premise {
  enum class Scope { State, Step, Own };
  std::string what;
  Scope scope;
  z3::expr negation;
};

// A topological order of the graph `succ` (successor lists), or nothing if it has a cycle.
std::optional<std::vector<std::size_t>> topological_order(const std::vector<std::vector<std::size_t>>& succ) {
  std::vector<int> colour(succ.size(), 0);  // white, grey (on the path), black
  std::vector<std::size_t> post;
  bool cycle = false;
  std::function<void(std::size_t)> visit = [&](std::size_t i) {
    colour[i] = 1;
    for (std::size_t j : succ[i]) {
      if (colour[j] == 1) cycle = true;
      if (colour[j] == 0) visit(j);
    }
    colour[i] = 2;
    post.push_back(i);
  };
  for (std::size_t i = 0; i < succ.size(); ++i)
    if (colour[i] == 0) visit(i);
  if (cycle) return std::nullopt;
  std::reverse(post.begin(), post.end());
  return post;
}

class Ranker {
 public:
  Ranker(const TransitionSystem& ts, const properties::PropertySpec& spec, z3::context& ctx,
         const Deadline& deadline, std::vector<Lemma> lemmas)
      : m_ts(ts), m_live(ts, spec, deadline), m_ctx(ctx), m_deadline(deadline), m_lemmas(std::move(lemmas)),
        m_x(ctx, ts.layout(), "x"), m_y(ctx, ts.layout(), "y"), m_sel(ctx.int_const("step")),
        m_states(ctx), m_steps(ctx) {
    m_inv_x = conjunction(ts, m_lemmas, m_x) && ts.well_formed(m_x);
    m_inv_y = conjunction(ts, m_lemmas, m_y) && ts.well_formed(m_y);
    m_states.add(m_inv_x);
    m_steps.add(m_inv_x && m_inv_y && ts.transition(m_x, m_sel, m_y));
    for (model::Party p : {model::Party::A, model::Party::B}) {
      const StateLayout& l = ts.layout();
      for (int v : {l.st(p), l.retx(p)})
        if (v >= 0) m_endpoint_vars.push_back(v);
      for (int s = 0; s < model::kSegmentCount; ++s) {
        const auto letter = static_cast<model::Segment>(s);
        m_terms.push_back({fmt::format("#{}->{}.{}", model::name(p), model::name(model::other(p)),
                                       model::name(letter)),
                           [&ts, p, letter](const StateVars& v) { return ts.occurrences(v, p, letter); }});
      }
    }
  }

  // The whole certificate for one region, appended to `text`; false if none was found.
  bool prove_avoid(const Region& avoid, std::string& text, std::string& failure) {
    const std::vector<std::vector<int>> cells = enumerate_cells(avoid);
    const std::vector<std::size_t> order = cell_order(avoid, cells, failure);
    if (order.empty() && !cells.empty()) return false;
    m_premises.push_back({"the endpoint cells cover the region " + avoid.text, Premise::Scope::State,
                          avoid.holds(m_x) && !any_cell(cells, m_x)});
    text += fmt::format("No fair run stays forever in: {}\n", avoid.text);
    text += "Its endpoint cells, in an order no step goes back in, and the fair step that ends a stay in each "
            "(leaves: leaves the cell, or the nested region):\n";
    for (std::size_t rank = 0; rank < order.size(); ++rank) {
      const std::vector<int>& cell = cells[order[rank]];
      const Region region{[this, &avoid, &cell](const StateVars& v) { return avoid.holds(v) && cell_is(v, cell); },
                          cell_text(cell)};
      std::unique_ptr<StayProof> proof = prove_no_stay(region, 0);
      if (!proof) {
        failure = "no helpful fair step found for the cell " + region.text + " of " + avoid.text;
        return false;
      }
      text += fmt::format("  {}. {}: {}", rank + 1, region.text, describe(*proof, 2));
    }
    return true;
  }

  // "once q holds, it holds for good", as a premise.
  void add_stability(const Formula& q) {
    m_premises.push_back({"stays true once reached: " + properties::to_string(q), Premise::Scope::Step,
                          encode_formula(m_ts, q, m_x, nullptr) && !encode_formula(m_ts, q, m_y, nullptr)});
  }

  Region region_of(const Formula& f) const {
    return {[this, f](const StateVars& v) { return encode_formula(m_ts, f, v, nullptr); },
            properties::to_string(f)};
  }

  // Initiation and consecution of the invariant, then every recorded premise, in solvers
  // that took no part in finding them (one per scope, each premise pushed and popped).
  // The number of premises re-checked, or nothing if one fails.
  std::optional<std::size_t> recheck() const {
    std::vector<Premise> all = m_premises;
    all.push_back({"the invariant holds initially", Premise::Scope::Own, m_ts.initial(m_x) && !m_inv_x});
    all.push_back({"the invariant is preserved by every step", Premise::Scope::Own,
                   m_inv_x && m_ts.transition(m_x, m_sel, m_y) && !m_inv_y});
    z3::solver states(m_ctx), steps(m_ctx);
    states.add(m_inv_x);
    steps.add(m_inv_x && m_inv_y && m_ts.transition(m_x, m_sel, m_y));
    for (const Premise& p : all) {
      z3::solver own(m_ctx);
      z3::solver& s = p.scope == Premise::Scope::State ? states : p.scope == Premise::Scope::Step ? steps : own;
      s.push();
      s.add(p.negation);
      const z3::check_result r = m_deadline.check([&] { return s.check(); });
      s.pop();
      if (r == z3::unknown) throw GiveUp{"timeout while re-checking the certificate"};
      if (r == z3::sat) return std::nullopt;
    }
    return all.size();
  }

  std::size_t lemma_count() const { return m_lemmas.size(); }

 private:
  struct Term {
    std::string name;
    std::function<z3::expr(const StateVars&)> of;
  };

  // sat or unsat; unknown (the deadline, or Z3 giving up) ends the whole search.
  z3::check_result decide(z3::solver& s) const {
    const z3::check_result r = m_deadline.check([&] { return s.check(); });
    if (r == z3::unknown) throw GiveUp{m_deadline.expired() ? "timeout" : "Z3: " + s.reason_unknown()};
    return r;
  }

  bool unsat(z3::solver& s, const z3::expr& e) const {
    s.push();
    s.add(e);
    const z3::check_result r = decide(s);
    s.pop();
    return r == z3::unsat;
  }

  z3::expr cell_is(const StateVars& v, const std::vector<int>& cell) const {
    z3::expr out = m_ctx.bool_val(true);
    for (std::size_t i = 0; i < cell.size(); ++i) out = out && v[m_endpoint_vars[i]] == cell[i];
    return out;
  }
  z3::expr any_cell(const std::vector<std::vector<int>>& cells, const StateVars& v) const {
    z3::expr_vector any(m_ctx);
    for (const auto& c : cells) any.push_back(cell_is(v, c));
    return z3::mk_or(any);
  }
  std::string cell_text(const std::vector<int>& cell) const {
    std::string out;
    for (std::size_t i = 0; i < cell.size(); ++i) {
      const VarInfo& info = m_ts.layout().vars()[static_cast<std::size_t>(m_endpoint_vars[i])];
      out += (i ? ", " : "") + info.name + " = " + value_name(info, cell[i]);
    }
    return out;
  }

  // Every valuation of the endpoint variables of `v` in the models of `condition` on solver
  // `s` (AllSAT, projected on those variables).
  std::vector<std::vector<int>> endpoint_values(z3::solver& s, const z3::expr& condition, const StateVars& v) {
    std::vector<std::vector<int>> out;
    s.push();
    s.add(condition);
    while (decide(s) == z3::sat) {
      const z3::model m = s.get_model();
      std::vector<int> cell;
      for (int var : m_endpoint_vars) cell.push_back(m.eval(v[var], true).get_numeral_int());
      s.add(!cell_is(v, cell));
      out.push_back(std::move(cell));
    }
    s.pop();
    return out;
  }

  // Every valuation of the endpoint variables some invariant state of the region has.
  std::vector<std::vector<int>> enumerate_cells(const Region& avoid) {
    return endpoint_values(m_states, avoid.holds(m_x), m_x);
  }

  // The cells in an order that every step inside the region respects (a topological order
  // of the cell graph), recorded as premises; empty with `failure` set if the graph has a cycle.
  std::vector<std::size_t> cell_order(const Region& avoid, const std::vector<std::vector<int>>& cells,
                                      std::string& failure) {
    std::map<std::vector<int>, std::size_t> index;
    for (std::size_t i = 0; i < cells.size(); ++i) index[cells[i]] = i;
    std::vector<std::vector<std::size_t>> succ(cells.size());
    for (std::size_t i = 0; i < cells.size(); ++i) {
      const z3::expr leaves =
          avoid.holds(m_x) && cell_is(m_x, cells[i]) && avoid.holds(m_y) && !cell_is(m_y, cells[i]);
      for (const std::vector<int>& next : endpoint_values(m_steps, leaves, m_y)) succ[i].push_back(index.at(next));
    }
    const std::optional<std::vector<std::size_t>> order = topological_order(succ);
    if (!order) {
      failure = "the endpoint values can return to an earlier value inside " + avoid.text;
      return {};
    }
    std::vector<std::size_t> rank(cells.size());
    for (std::size_t r = 0; r < order->size(); ++r) rank[(*order)[r]] = r;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      z3::expr_vector later(m_ctx);
      later.push_back(cell_is(m_y, cells[i]));
      for (std::size_t j = 0; j < cells.size(); ++j)
        if (rank[j] > rank[i]) later.push_back(cell_is(m_y, cells[j]));
      m_premises.push_back({"no step inside " + avoid.text + " goes back from " + cell_text(cells[i]),
                            Premise::Scope::Step,
                            avoid.holds(m_x) && cell_is(m_x, cells[i]) && avoid.holds(m_y) && !z3::mk_or(later)});
    }
    return *order;
  }

  z3::expr measure(const std::vector<int>& w, const StateVars& v) const {
    z3::expr out = m_ctx.int_val(0);
    for (std::size_t i = 0; i < w.size(); ++i)
      if (w[i] != 0) out = out + w[i] * m_terms[i].of(v);
    return out;
  }

  // The step premises for class `cls` in `region` under measure w, as a term that is
  // satisfiable exactly when one fails: a class step that stays without lowering the
  // measure, or another step that stays and raises it.
  z3::expr broken_step(const Region& region, int cls, const std::vector<int>& w) const {
    const z3::expr mx = measure(w, m_x), my = measure(w, m_y);
    const z3::expr taken = m_live.taken(cls, m_sel);
    return region.holds(m_x) && region.holds(m_y) && ((taken && my >= mx) || (!taken && my > mx));
  }

  // Weights (0..16 per segment count) under which `cls` is helpful in `region`, found by
  // counterexample-guided synthesis: each failed step adds a linear constraint on the weights.
  std::optional<std::vector<int>> helpful_measure(const Region& region, int cls) {
    std::vector<int> w(m_terms.size(), 0);
    z3::solver synth(m_ctx);
    std::vector<z3::expr> unknowns;
    for (std::size_t i = 0; i < m_terms.size(); ++i) {
      unknowns.push_back(m_ctx.int_const(fmt::format("w{}", i).c_str()));
      synth.add(unknowns.back() >= 0 && unknowns.back() <= 16);
    }
    for (int round = 0; round < 64; ++round) {
      m_steps.push();
      m_steps.add(broken_step(region, cls, w));
      if (decide(m_steps) == z3::unsat) {
        m_steps.pop();
        return w;
      }
      const z3::model m = m_steps.get_model();
      const bool strict = m.eval(m_live.taken(cls, m_sel), true).is_true();
      z3::expr change = m_ctx.int_val(0);
      for (std::size_t i = 0; i < m_terms.size(); ++i) {
        const int d = m.eval(m_terms[i].of(m_y) - m_terms[i].of(m_x), true).get_numeral_int();
        if (d != 0) change = change + d * unknowns[i];
      }
      m_steps.pop();
      synth.add(strict ? change < 0 : change <= 0);
      if (m_deadline.check([&] { return synth.check(); }) != z3::sat) return std::nullopt;
      const z3::model sm = synth.get_model();
      for (std::size_t i = 0; i < w.size(); ++i) w[i] = sm.eval(unknowns[i], true).get_numeral_int();
    }
    return std::nullopt;
  }

  void record(const Region& region, int cls, bool strong, const std::vector<int>& w) {
    const std::string name = properties::class_name(cls);
    if (!strong)
      m_premises.push_back({name + " is enabled throughout " + region.text, Premise::Scope::State,
                            region.holds(m_x) && !m_live.enabled(cls, m_x)});
    m_premises.push_back({"in " + region.text + ", " + name +
                              " leaves or lowers the measure and no other step raises it",
                          Premise::Scope::Step, broken_step(region, cls, w)});
  }

  // A proof that no fair run stays in `region` for good, or nothing.
  std::unique_ptr<StayProof> prove_no_stay(const Region& region, int depth) {
    for (int cls : m_live.weak()) {
      if (!unsat(m_states, region.holds(m_x) && !m_live.enabled(cls, m_x))) continue;
      if (auto w = helpful_measure(region, cls)) {
        record(region, cls, false, *w);
        return std::make_unique<StayProof>(StayProof{cls, false, *w, nullptr});
      }
    }
    for (int cls : m_live.strong()) {
      if (unsat(m_states, region.holds(m_x) && m_live.enabled(cls, m_x))) continue;
      const auto w = helpful_measure(region, cls);
      if (!w) continue;
      const Region disabled{[this, region, cls](const StateVars& v) {
                              return region.holds(v) && !m_live.enabled(cls, v);
                            },
                            region.text + ", " + properties::class_name(cls) + " disabled"};
      if (unsat(m_states, disabled.holds(m_x))) {
        record(region, cls, true, *w);
        return std::make_unique<StayProof>(StayProof{cls, true, *w, nullptr});
      }
      if (depth >= 3) continue;
      const std::size_t mark = m_premises.size();
      if (auto inner = prove_no_stay(disabled, depth + 1)) {
        record(region, cls, true, *w);
        return std::make_unique<StayProof>(StayProof{cls, true, *w, std::move(inner)});
      }
      m_premises.erase(m_premises.begin() + static_cast<std::ptrdiff_t>(mark), m_premises.end());
    }
    return nullptr;
  }

  std::string measure_text(const std::vector<int>& w) const {
    std::string out;
    for (std::size_t i = 0; i < w.size(); ++i)
      if (w[i] != 0) out += fmt::format("{}{}{}", out.empty() ? "" : " + ", w[i] == 1 ? "" : std::to_string(w[i]) + "*", m_terms[i].name);
    return out;
  }

  std::string describe(const StayProof& p, int indent) const {
    const std::string name = properties::class_name(p.cls);
    std::string out = fmt::format("{} ({} fairness)", name, p.strong ? "strong" : "weak");
    const std::string m = measure_text(p.weights);
    out += m.empty() ? "; each such step leaves" : "; each such step leaves or lowers " + m + ", which no step raises";
    if (!p.strong) out += "; enabled throughout";
    else if (!p.while_disabled) out += "; always enabled here";
    out += "\n";
    if (p.while_disabled)
      out += fmt::format("{}while {} is disabled: {}", std::string(static_cast<std::size_t>(indent) + 3, ' '),
                         name, describe(*p.while_disabled, indent + 3));
    return out;
  }

  const TransitionSystem& m_ts;
  const LivenessEncoding m_live;
  z3::context& m_ctx;
  const Deadline& m_deadline;
  std::vector<Lemma> m_lemmas;
  StateVars m_x, m_y;
  z3::expr m_sel;
  z3::expr m_inv_x{m_ctx}, m_inv_y{m_ctx};
  z3::solver m_states, m_steps;  // the invariant; the invariant on both sides of a step
  std::vector<int> m_endpoint_vars;
  std::vector<Term> m_terms;
  std::vector<Premise> m_premises;
};

}  // namespace

ProofOutcome run_ranking(const TransitionSystem& ts, const properties::PropertySpec& spec,
                         bool want_certificate, z3::context& ctx, const Deadline& deadline) {
  Obligations obligations;
  if (!collect(spec.claim, obligations))
    return unknown_outcome(spec.name, "ranking",
                           "the claim is not a response property (eventually q, always eventually "
                           "q, always (p implies eventually q), eventually always q, or a conjunction)");
  try {
    Ranker ranker(ts, spec, ctx, deadline, inductive_lemmas(ts, ctx, deadline));
    std::string text, failure;
    for (const Formula& f : obligations.avoid)
      if (!ranker.prove_avoid(ranker.region_of(f), text, failure))
        return unknown_outcome(spec.name, "ranking", failure);
    for (const Formula& q : obligations.stable) ranker.add_stability(q);
    const std::optional<std::size_t> checked = ranker.recheck();
    if (!checked)
      throw std::logic_error("the ranking certificate for '" + spec.name + "' does not re-check");
    ProofOutcome out;
    out.result.name = spec.name;
    out.result.verdict = Verdict::Holds;
    out.engine = "ranking";
    out.result.notes.push_back(fmt::format(
        "no fair run violates the claim: fair ranking certificate, {} premises re-checked by Z3",
        *checked));
    out.is_certificate = true;
    if (want_certificate)
      out.invariant = fmt::format(
          "fair ranking (Manna-Pnueli well-founded rule under weak and strong fairness), over the "
          "reachable states (an inductive invariant of {} lemmas and the variables' ranges).\n{}",
          ranker.lemma_count(), text);
    return out;
  } catch (const GiveUp& g) {
    return unknown_outcome(spec.name, "ranking", g.why);
  }
}

}  // namespace finwait::checker::symbolic
