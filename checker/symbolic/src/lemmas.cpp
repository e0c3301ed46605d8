// Houdini over pairwise correlations of the reachable states. Spacer alone stalls on some
// invariants whose proof needs many facts of the kind "while A is in LAST_ACK, no FIN of B's
// is in flight" at once; read off the state space and proved inductive here, they make the
// rest of the proof (often nothing) small.
#include "lemmas.hpp"

#include <algorithm>
#include <map>
#include <mutex>
#include <string>
#include <optional>
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

// A state's features (Lemma): its valuation, then with fifo channels the letter counts.
std::vector<int> features(const TransitionSystem& ts, const model::SystemState& s) {
  std::vector<int> out = ts.valuation(s);
  const StateLayout& l = ts.layout();
  if (!l.fifo()) return out;
  for (model::Party p : {model::Party::A, model::Party::B})
    for (int letter = 0; letter < model::kSegmentCount; ++letter) {
      int n = 0;
      for (unsigned i = 0; i < static_cast<unsigned>(out[static_cast<std::size_t>(l.len(p))]); ++i)
        n += out[static_cast<std::size_t>(l.slot(p, i))] == letter;
      out.push_back(n);
    }
  return out;
}

// The features of every reachable state, or nothing above `max_states`.
std::vector<std::vector<int>> reachable_valuations(const TransitionSystem& ts, std::size_t max_states,
                                                   const Deadline& deadline) {
  const model::SystemSemantics sys(ts.config());
  std::unordered_set<std::vector<int>, ValuationHash> seen;
  std::vector<model::SystemState> queue{sys.initial()};
  seen.insert(features(ts, sys.initial()));
  for (std::size_t i = 0; i < queue.size(); ++i) {
    if (seen.size() > max_states || (i % 4096 == 0 && deadline.expired())) return {};
    const model::SystemState s = queue[i];
    sys.for_each_successor(s, [&](const model::Transition& t) {
      if (seen.insert(features(ts, t.next)).second) queue.push_back(t.next);
    });
  }
  return {seen.begin(), seen.end()};
}

// Every unary range, and every "var = value implies other in S" and "A.st = a and B.st = b
// implies other in S" that the states allow and that says something (S smaller than what
// `other` takes anywhere). The second kind carries facts about both endpoints at once
// ("while both are ESTABLISHED no FIN is in flight") that pairs cannot express.
std::vector<Lemma> candidates(const std::vector<std::vector<int>>& states, const StateLayout& layout) {
  const std::size_t vars = states.empty() ? 0 : states.front().size();
  using Key = std::vector<std::pair<int, int>>;
  std::vector<std::set<int>> range(vars);
  std::map<Key, std::vector<std::set<int>>> with;
  const int sa = layout.st(model::Party::A), sb = layout.st(model::Party::B);
  auto note = [&](const Key& key, const std::vector<int>& s) {
    auto& others = with[key];
    others.resize(vars);
    for (std::size_t j = 0; j < vars; ++j) others[j].insert(s[j]);
  };
  for (const auto& s : states) {
    for (std::size_t i = 0; i < vars; ++i) {
      range[i].insert(s[i]);
      if (i < layout.size()) note({{static_cast<int>(i), s[i]}}, s);  // conditions on variables
    }
    note({{sa, s[static_cast<std::size_t>(sa)]}, {sb, s[static_cast<std::size_t>(sb)]}}, s);
  }
  std::vector<Lemma> out;
  for (std::size_t i = 0; i < vars; ++i)
    out.push_back(Lemma{{}, static_cast<int>(i), {range[i].begin(), range[i].end()}});
  for (const auto& [key, others] : with)
    for (std::size_t j = 0; j < vars; ++j) {
      const bool in_key = std::any_of(key.begin(), key.end(), [j](auto& kv) { return kv.first == static_cast<int>(j); });
      if (!in_key && others[j].size() < range[j].size())
        out.push_back(Lemma{key, static_cast<int>(j), {others[j].begin(), others[j].end()}});
    }
  return out;
}

}  // namespace

z3::expr Lemma::over(const TransitionSystem& ts, const StateVars& x) const {
  z3::expr_vector in(x.ctx()), condition(x.ctx());
  const int vars = static_cast<int>(ts.layout().size());
  const z3::expr feature =
      other < vars ? x[other]
                   : ts.occurrences(x, (other - vars) / model::kSegmentCount == 0 ? model::Party::A : model::Party::B,
                                    static_cast<model::Segment>((other - vars) % model::kSegmentCount));
  for (int v : allowed) in.push_back(feature == v);
  for (const auto& [var, value] : when) condition.push_back(x[var] == value);
  const z3::expr member = z3::mk_or(in);
  return when.empty() ? member : z3::implies(z3::mk_and(condition), member);
}

z3::expr conjunction(const TransitionSystem& ts, const std::vector<Lemma>& lemmas, const StateVars& x) {
  z3::expr_vector all(x.ctx());
  for (const Lemma& l : lemmas) all.push_back(l.over(ts, x));
  return z3::mk_and(all);
}

namespace {

std::vector<Lemma> compute_lemmas(const TransitionSystem& ts, z3::context& ctx,
                                  const Deadline& deadline, std::size_t max_states);

// Lemmas depend only on the configuration, and PDR, BMC, lasso search and ranking each ask
// for them, once per property: computed results are kept for the process (a run that timed
// out, or found none, is not kept). Engines racing each other may still both compute them.
std::mutex cache_mutex;
std::map<std::string, std::vector<Lemma>>& lemma_cache() {
  static std::map<std::string, std::vector<Lemma>> cache;
  return cache;
}

std::string cache_key(const model::ModelConfig& config, std::size_t max_states) {
  std::string key = std::to_string(max_states);
  for (const auto& [name, value] : model::describe(config)) key += ";" + name + "=" + value;
  return key;
}

}  // namespace

std::vector<Lemma> inductive_lemmas(const TransitionSystem& ts, z3::context& ctx,
                                    const Deadline& deadline, std::size_t max_states) {
  const std::string key = cache_key(ts.config(), max_states);
  {
    std::lock_guard lock(cache_mutex);
    if (auto it = lemma_cache().find(key); it != lemma_cache().end()) return it->second;
  }
  std::vector<Lemma> out = compute_lemmas(ts, ctx, deadline, max_states);
  if (!out.empty()) {
    std::lock_guard lock(cache_mutex);
    lemma_cache().emplace(key, out);
  }
  return out;
}

namespace {

// Candidates read off the reachable states, each true in all of them (and, at inf, in the
// initial state). At capacity inf they come from a small finite capacity with the same
// variables (bag counts): those that also hold at inf survive Houdini, the others ("at most 3
// in flight") are dropped like any candidate that some step breaks.
std::optional<std::vector<Lemma>> candidate_lemmas(const TransitionSystem& ts, z3::context& ctx,
                                                   const Deadline& deadline, std::size_t max_states) {
  const TransitionSystem* sample = &ts;
  std::optional<TransitionSystem> finite;
  if (ts.config().capacity_infinite()) {
    model::ModelConfig small = ts.config();
    small.capacity = kLemmaSampleCapacity;
    finite.emplace(small);
    sample = &*finite;
  }
  const std::vector<std::vector<int>> states = reachable_valuations(*sample, max_states, deadline);
  if (states.empty()) return std::nullopt;
  std::vector<Lemma> kept = candidates(states, ts.layout());
  if (finite) {
    const StateVars x(ctx, ts.layout(), "h");
    z3::solver init(ctx);
    init.add(ts.initial(x));
    if (deadline.check([&] { return init.check(); }) != z3::sat) return std::nullopt;
    const z3::model m = init.get_model();
    std::erase_if(kept, [&](const Lemma& l) { return !m.eval(l.over(ts, x), true).is_true(); });
  }
  return kept;
}

// Houdini: drop, until none is left to drop, each candidate that some step from a state
// satisfying all of them breaks. Empty on a timeout.
std::vector<Lemma> houdini(const TransitionSystem& ts, std::vector<Lemma> kept, z3::context& ctx,
                           const Deadline& deadline) {
  const StateVars x(ctx, ts.layout(), "h"), y(ctx, ts.layout(), "h'");
  const z3::expr sel = ctx.int_const("step");
  // One incremental solver for all rounds: lemma i is switched on by the assumption a_i, and
  // a dropped lemma's switch is fixed off, so Z3 keeps what it learnt between rounds (one
  // fresh query per round was ~10x slower: 5 s with loss off).
  z3::solver solver(ctx);
  solver.add(ts.transition(x, sel, y));
  std::vector<z3::expr> on, broken;
  z3::expr_vector some_broken(ctx);
  for (std::size_t i = 0; i < kept.size(); ++i) {
    on.push_back(ctx.bool_const(("lemma" + std::to_string(i)).c_str()));
    broken.push_back(!kept[i].over(ts, y));
    solver.add(z3::implies(on[i], kept[i].over(ts, x)));
    some_broken.push_back(on[i] && broken[i]);
  }
  solver.add(z3::mk_or(some_broken));
  std::vector<bool> alive(kept.size(), true);
  for (;;) {
    z3::expr_vector assumptions(ctx);
    for (std::size_t i = 0; i < kept.size(); ++i)
      if (alive[i]) assumptions.push_back(on[i]);
    const z3::check_result r = deadline.check([&] { return solver.check(assumptions); });
    if (r == z3::unknown) return {};
    if (r == z3::unsat) break;
    const z3::model m = solver.get_model();
    for (std::size_t i = 0; i < kept.size(); ++i)
      if (alive[i] && m.eval(broken[i], true).is_true()) {
        alive[i] = false;
        solver.add(!on[i]);
      }
  }
  std::vector<Lemma> out;
  for (std::size_t i = 0; i < kept.size(); ++i)
    if (alive[i]) out.push_back(std::move(kept[i]));
  return out;
}

std::vector<Lemma> compute_lemmas(const TransitionSystem& ts, z3::context& ctx,
                                  const Deadline& deadline, std::size_t max_states) {
  std::optional<std::vector<Lemma>> candidates = candidate_lemmas(ts, ctx, deadline, max_states);
  if (!candidates) return {};
  return houdini(ts, std::move(*candidates), ctx, deadline);
}

}  // namespace

std::vector<Lemma> needed_lemmas(
    const TransitionSystem& ts, std::vector<Lemma> lemmas,
    const std::function<z3::expr(const StateVars& x, const z3::expr& sel, const StateVars& y)>& bad,
    z3::context& ctx, const Deadline& deadline) {
  const StateVars x(ctx, ts.layout(), "n"), y(ctx, ts.layout(), "n'");
  const z3::expr sel = ctx.int_const("step");
  // Lemma i is switched on by a_i: then it holds at x and must hold at y. The set switched on
  // is enough iff "not bad, and every lemma switched on holds at y" follows (unsat).
  // `bad` may hold in a state without successors (a deadlock), so the step is not required
  // for it.
  z3::solver solver(ctx);
  std::vector<z3::expr> on;
  z3::expr_vector broken(ctx);
  for (std::size_t i = 0; i < lemmas.size(); ++i) {
    on.push_back(ctx.bool_const(("need" + std::to_string(i)).c_str()));
    solver.add(z3::implies(on[i], lemmas[i].over(ts, x)));
    broken.push_back(on[i] && !lemmas[i].over(ts, y));
  }
  solver.add(bad(x, sel, y) || (ts.transition(x, sel, y) && z3::mk_or(broken)));
  std::vector<bool> kept(lemmas.size(), true);
  // Enough with `kept` minus `without` (if any)? On success, keep only the unsat core.
  auto enough = [&](std::optional<std::size_t> without) {
    z3::expr_vector assumptions(ctx);
    for (std::size_t i = 0; i < lemmas.size(); ++i)
      assumptions.push_back(kept[i] && i != without ? on[i] : !on[i]);
    if (deadline.check([&] { return solver.check(assumptions); }) != z3::unsat) return false;
    std::vector<bool> core(lemmas.size(), false);
    for (const z3::expr& e : solver.unsat_core())
      for (std::size_t i = 0; i < on.size(); ++i)
        if (z3::eq(e, on[i])) core[i] = true;
    for (std::size_t i = 0; i < lemmas.size(); ++i) kept[i] = kept[i] && core[i] && i != without;
    return true;
  };
  if (!enough(std::nullopt)) return lemmas;  // a timeout: an inductive, safe set is enough
  // Cores are small but not minimal: try each remaining lemma once more without it.
  for (std::size_t i = 0; i < lemmas.size() && !deadline.expired(); ++i)
    if (kept[i]) enough(i);
  std::vector<Lemma> out;
  for (std::size_t i = 0; i < lemmas.size(); ++i)
    if (kept[i]) out.push_back(std::move(lemmas[i]));
  return out;
}

}  // namespace finwait::checker::symbolic
