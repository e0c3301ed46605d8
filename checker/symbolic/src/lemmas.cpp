// Houdini over pairwise correlations of the reachable states. Spacer alone stalls on some
// invariants whose proof needs many facts of the kind "while A is in LAST_ACK, no FIN of B's
// is in flight" at once; read off the state space and proved inductive here, they make the
// rest of the proof (often nothing) small.
#include "lemmas.hpp"

#include <map>
#include <set>
#include <unordered_set>

#include "finwait/model/successors.hpp"

namespace finwait::checker::symbolic {
namespace {

struct ValuationHash {
  std::size_t operator()(const std::vector<int>& v) const {
    std::size_t h = 0;
    for (int x : v) h = h * 1000003u + static_cast<std::size_t>(x);
    return h;
  }
};

// The valuations of every reachable state, or nothing above `max_states`.
std::vector<std::vector<int>> reachable_valuations(const TransitionSystem& ts, std::size_t max_states,
                                                   const Deadline& deadline) {
  const model::SystemSemantics sys(ts.config());
  std::unordered_set<std::vector<int>, ValuationHash> seen;
  std::vector<model::SystemState> queue{sys.initial()};
  seen.insert(ts.valuation(sys.initial()));
  for (std::size_t i = 0; i < queue.size(); ++i) {
    if (seen.size() > max_states || (i % 4096 == 0 && deadline.expired())) return {};
    const model::SystemState s = queue[i];
    sys.for_each_successor(s, [&](const model::Transition& t) {
      if (seen.insert(ts.valuation(t.next)).second) queue.push_back(t.next);
    });
  }
  return {seen.begin(), seen.end()};
}

// Every unary range and every "var = value implies other in S" that the states allow and that
// says something (S smaller than what `other` takes anywhere).
std::vector<Lemma> candidates(const std::vector<std::vector<int>>& states, std::size_t vars) {
  std::vector<std::set<int>> range(vars);
  std::map<std::pair<std::size_t, int>, std::vector<std::set<int>>> with;
  for (const auto& s : states)
    for (std::size_t i = 0; i < vars; ++i) {
      range[i].insert(s[i]);
      auto& others = with[{i, s[i]}];
      others.resize(vars);
      for (std::size_t j = 0; j < vars; ++j) others[j].insert(s[j]);
    }
  std::vector<Lemma> out;
  for (std::size_t i = 0; i < vars; ++i)
    out.push_back(Lemma{static_cast<int>(i), 0, static_cast<int>(i), {range[i].begin(), range[i].end()}});
  for (const auto& [key, others] : with)
    for (std::size_t j = 0; j < vars; ++j)
      if (j != key.first && others[j].size() < range[j].size())
        out.push_back(Lemma{static_cast<int>(key.first), key.second, static_cast<int>(j),
                            {others[j].begin(), others[j].end()}});
  return out;
}

}  // namespace

z3::expr Lemma::over(const StateVars& x) const {
  z3::expr_vector in(x.ctx());
  for (int v : allowed) in.push_back(x[other] == v);
  const z3::expr member = z3::mk_or(in);
  return var == other ? member : z3::implies(x[var] == value, member);
}

z3::expr conjunction(const std::vector<Lemma>& lemmas, const StateVars& x) {
  z3::expr_vector all(x.ctx());
  for (const Lemma& l : lemmas) all.push_back(l.over(x));
  return z3::mk_and(all);
}

std::vector<Lemma> inductive_lemmas(const TransitionSystem& ts, z3::context& ctx,
                                    const Deadline& deadline, std::size_t max_states) {
  if (ts.config().capacity_infinite()) return {};
  const std::vector<std::vector<int>> states = reachable_valuations(ts, max_states, deadline);
  if (states.empty()) return {};
  std::vector<Lemma> kept = candidates(states, ts.layout().size());
  // Every candidate holds in every reachable state, so initially. Drop, until none is left
  // to drop, each one that some step from a state satisfying all of them breaks.
  const StateVars x(ctx, ts.layout(), "h"), y(ctx, ts.layout(), "h'");
  const z3::expr sel = ctx.int_const("step");
  z3::solver solver(ctx);
  solver.add(ts.transition(x, sel, y));
  for (;;) {
    solver.push();
    solver.add(conjunction(kept, x));
    solver.add(!conjunction(kept, y));
    const z3::check_result r = deadline.check([&] { return solver.check(); });
    if (r == z3::unknown) return {};
    if (r == z3::unsat) return kept;
    const z3::model m = solver.get_model();
    solver.pop();
    std::vector<Lemma> next;
    for (Lemma& l : kept)
      if (m.eval(l.over(y), true).is_true()) next.push_back(std::move(l));
    kept = std::move(next);
  }
}

}  // namespace finwait::checker::symbolic
