// Acceptance of lasso words: by an automaton (product + SCCs) and by direct LTL evaluation.
#include <algorithm>
#include <functional>

#include "finwait/properties/buchi.hpp"
#include "ltl_nnf.hpp"

namespace finwait::properties {
namespace {

// Positions 0..n-1 of prefix·cycle; the position after the last is the cycle's start.
struct Lasso {
  std::vector<PredicateMask> letters;
  std::size_t loop_start;
  std::size_t next(std::size_t i) const { return i + 1 < letters.size() ? i + 1 : loop_start; }
};

Lasso make_lasso(const std::vector<PredicateMask>& prefix, const std::vector<PredicateMask>& cycle) {
  Lasso l{prefix, prefix.size()};
  l.letters.insert(l.letters.end(), cycle.begin(), cycle.end());
  return l;
}

// Tarjan's SCCs of a small explicit graph; returns the component index of every node.
std::vector<int> components(const std::vector<std::vector<int>>& succ) {
  const int n = static_cast<int>(succ.size());
  std::vector<int> index(n, -1), low(n, 0), comp(n, -1), stack;
  std::vector<bool> on(n, false);
  int counter = 0, comps = 0;
  std::function<void(int)> visit = [&](int v) {
    index[v] = low[v] = counter++;
    stack.push_back(v);
    on[v] = true;
    for (int w : succ[v]) {
      if (index[w] < 0) {
        visit(w);
        low[v] = std::min(low[v], low[w]);
      } else if (on[w]) {
        low[v] = std::min(low[v], index[w]);
      }
    }
    if (low[v] == index[v]) {
      for (int w = -1; w != v;) {
        w = stack.back();
        stack.pop_back();
        on[w] = false;
        comp[w] = comps;
      }
      ++comps;
    }
  };
  for (int v = 0; v < n; ++v)
    if (index[v] < 0) visit(v);
  return comp;
}

}  // namespace

bool accepts(const Buchi& a, const std::vector<PredicateMask>& prefix,
             const std::vector<PredicateMask>& cycle) {
  const Lasso l = make_lasso(prefix, cycle);
  const int qs = static_cast<int>(a.states.size());
  const int n = static_cast<int>(l.letters.size()) * qs;
  auto id = [qs](std::size_t pos, int q) { return static_cast<int>(pos) * qs + q; };
  std::vector<std::vector<int>> succ(n);
  for (std::size_t i = 0; i < l.letters.size(); ++i)
    for (int q = 0; q < qs; ++q)
      for (int r : a.states[q].successors)
        if (a.states[r].admits(l.letters[l.next(i)])) succ[id(i, q)].push_back(id(l.next(i), r));
  // reachable product nodes
  std::vector<bool> seen(n, false);
  std::vector<int> work;
  for (int q : a.initial)
    if (a.states[q].admits(l.letters[0])) seen[id(0, q)] = true, work.push_back(id(0, q));
  while (!work.empty()) {
    const int v = work.back();
    work.pop_back();
    for (int w : succ[v])
      if (!seen[w]) seen[w] = true, work.push_back(w);
  }
  const std::vector<int> comp = components(succ);
  const int comps = n == 0 ? 0 : *std::max_element(comp.begin(), comp.end()) + 1;
  for (int c = 0; c < comps; ++c) {
    bool nontrivial = false, reachable = false;
    std::vector<bool> covered(a.acceptance.size(), false);
    for (int v = 0; v < n; ++v) {
      if (comp[v] != c) continue;
      reachable = reachable || seen[v];
      for (int w : succ[v]) nontrivial = nontrivial || comp[w] == c;
      for (std::size_t k = 0; k < a.acceptance.size(); ++k)
        covered[k] = covered[k] || a.acceptance[k][v % qs];
    }
    if (reachable && nontrivial && std::all_of(covered.begin(), covered.end(), [](bool b) { return b; }))
      return true;
  }
  return false;
}

bool holds_on_lasso(const Formula& formula, const std::vector<Formula>& predicates,
                    const std::vector<PredicateMask>& prefix, const std::vector<PredicateMask>& cycle) {
  NnfTable table;
  const int root = table.convert(formula, false);
  const Lasso l = make_lasso(prefix, cycle);
  const std::size_t n = l.letters.size();
  // Map the table's predicates to the caller's bit positions by printed form.
  std::vector<int> bit(table.predicates().size(), -1);
  for (std::size_t i = 0; i < table.predicates().size(); ++i)
    for (std::size_t j = 0; j < predicates.size(); ++j)
      if (to_string(table.predicates()[i]) == to_string(predicates[j])) bit[i] = static_cast<int>(j);
  std::vector<std::vector<bool>> value(table.size(), std::vector<bool>(n));
  // Children have smaller ids than parents (hash-consing creates them first).
  for (int id = 0; id <= root; ++id) {
    const NnfNode& f = table.at(id);
    auto& v = value[id];
    for (std::size_t i = 0; i < n; ++i) {
      switch (f.op) {
        case NnfNode::Op::True: v[i] = true; break;
        case NnfNode::Op::False: v[i] = false; break;
        case NnfNode::Op::Lit: v[i] = (((l.letters[i] >> bit[f.pred]) & 1) != 0) == f.positive; break;
        case NnfNode::Op::And: v[i] = value[f.a][i] && value[f.b][i]; break;
        case NnfNode::Op::Or: v[i] = value[f.a][i] || value[f.b][i]; break;
        case NnfNode::Op::Until: v[i] = false; break;   // least fixpoint, below
        case NnfNode::Op::Release: v[i] = true; break;  // greatest fixpoint, below
      }
    }
    if (f.op != NnfNode::Op::Until && f.op != NnfNode::Op::Release) continue;
    for (bool changed = true; changed;) {
      changed = false;
      for (std::size_t k = n; k-- > 0;) {
        const bool a = value[f.a][k], b = value[f.b][k], later = v[l.next(k)];
        const bool now = f.op == NnfNode::Op::Until ? (b || (a && later)) : (b && (a || later));
        if (now != v[k]) v[k] = now, changed = true;
      }
    }
  }
  return value[root][0];
}

}  // namespace finwait::properties
