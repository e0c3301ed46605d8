// Tarjan's algorithm (iterative) and the Emerson-Lei refinement for strong fairness.
#include "fair_cycles.hpp"

#include <algorithm>

namespace finwait::checker {

FairCycleSearch::FairCycleSearch(const ProductGraph& product, const properties::FairnessSpec& fairness,
                                 Budget& budget)
    : m_product(product),
      m_budget(budget),
      m_weak(fairness.mask(properties::Fairness::Weak)),
      m_strong(fairness.mask(properties::Fairness::Strong)),
      m_depth(product.size(), kUnreached),
      m_parent(product.size(), 0),
      m_mark(product.size(), 0),
      m_stamp(product.size(), 0),
      m_index(product.size(), 0),
      m_low(product.size(), 0),
      m_on_stack(product.size(), 0) {}

void FairCycleSearch::explore_reachable() {
  std::vector<ProductEdge> succ;
  for (ProductId v : m_product.initial()) {
    if (m_depth[v] != kUnreached) continue;
    m_depth[v] = 0;
    m_parent[v] = v;
    m_reachable.push_back(v);
  }
  for (std::size_t head = 0; head < m_reachable.size(); ++head) {
    const ProductId v = m_reachable[head];
    m_budget.poll(++m_visits);
    succ.clear();
    m_product.successors(v, succ);
    for (const ProductEdge& e : succ) {
      if (m_depth[e.to] != kUnreached) continue;
      m_depth[e.to] = m_depth[v] + 1;
      m_parent[e.to] = v;
      m_reachable.push_back(e.to);
    }
  }
}

// The scratch of one components() call. A frame's successors sit in buffer[begin, end);
// deeper frames only ever append above.
struct FairCycleSearch::TarjanRun {
  struct Frame {
    ProductId v;
    std::size_t begin, next, end;
  };
  std::uint32_t scope_id;
  std::vector<std::vector<ProductId>> components;
  std::vector<ProductEdge> buffer;
  std::vector<Frame> frames;
  std::vector<ProductId> stack;
  std::uint32_t counter = 0;
};

std::vector<std::vector<ProductId>> FairCycleSearch::components(const std::vector<ProductId>& roots,
                                                                std::uint32_t scope_id) {
  ++m_stamp_now;
  TarjanRun run{scope_id, {}, {}, {}, {}, 0};
  for (ProductId root : roots)
    if (m_mark[root] == scope_id && m_stamp[root] != m_stamp_now) strong_connect(root, run);
  return std::move(run.components);
}

void FairCycleSearch::strong_connect(ProductId root, TarjanRun& run) {
  open(root, run);
  while (!run.frames.empty()) {
    TarjanRun::Frame& f = run.frames.back();
    if (f.next < f.end) {
      const ProductId w = run.buffer[f.next++].to;
      if (m_stamp[w] != m_stamp_now) open(w, run);
      else if (m_on_stack[w]) m_low[f.v] = std::min(m_low[f.v], m_index[w]);
      continue;
    }
    const ProductId v = f.v;
    run.buffer.resize(f.begin);
    run.frames.pop_back();
    close(v, run);
  }
}

void FairCycleSearch::open(ProductId v, TarjanRun& run) {
  m_budget.poll(++m_visits);
  m_stamp[v] = m_stamp_now;
  m_index[v] = m_low[v] = run.counter++;
  run.stack.push_back(v);
  m_on_stack[v] = 1;
  const std::size_t begin = run.buffer.size();
  m_product.successors(v, run.buffer);
  // keep only successors in scope
  std::size_t keep = begin;
  for (std::size_t i = begin; i < run.buffer.size(); ++i)
    if (m_mark[run.buffer[i].to] == run.scope_id) run.buffer[keep++] = run.buffer[i];
  run.buffer.resize(keep);
  run.frames.push_back({v, begin, begin, keep});
}

void FairCycleSearch::close(ProductId v, TarjanRun& run) {
  if (m_low[v] == m_index[v]) {
    std::vector<ProductId> comp;
    ProductId w;
    do {
      w = run.stack.back();
      run.stack.pop_back();
      m_on_stack[w] = 0;
      comp.push_back(w);
    } while (w != v);
    run.components.push_back(std::move(comp));
  }
  if (!run.frames.empty()) m_low[run.frames.back().v] = std::min(m_low[run.frames.back().v], m_low[v]);
}

std::optional<FairComponent> FairCycleSearch::check(std::vector<ProductId> members, std::uint32_t id) {
  const auto& automaton = m_product.automaton();
  const auto& graph = m_product.graph();
  bool internal = false;
  properties::ClassMask taken = 0, enabled_any = 0, disabled_any = 0;
  std::vector<bool> covered(automaton.acceptance.size(), false);
  std::vector<ProductEdge> succ;
  for (ProductId v : members) {
    m_budget.poll(++m_visits);
    const properties::ClassMask en = graph.enabled(m_product.system_state(v));
    enabled_any |= en;
    disabled_any |= ~en;
    for (std::size_t k = 0; k < covered.size(); ++k)
      covered[k] = covered[k] || automaton.acceptance[k][m_product.automaton_state(v)];
    succ.clear();
    m_product.successors(v, succ);
    for (const ProductEdge& e : succ) {
      if (m_mark[e.to] != id) continue;
      internal = true;
      if (auto c = m_product.edge_class(e.edge)) taken |= properties::ClassMask{1} << *c;
    }
  }
  if (!internal) return std::nullopt;
  if (!std::all_of(covered.begin(), covered.end(), [](bool b) { return b; })) return std::nullopt;
  // Weak fairness: each weakly fair class is taken or disabled somewhere on the cycle. A
  // sub-component cannot do better, so failing here rules out all of `members`.
  if ((m_weak & ~(taken | disabled_any)) != 0) return std::nullopt;
  // Strong fairness: a class enabled in the component but never taken in it forbids the
  // states that enable it; what remains may still hold fair cycles (Emerson-Lei).
  const properties::ClassMask unfulfilled = m_strong & enabled_any & ~taken;
  if (unfulfilled == 0) return FairComponent{id, std::move(members), enabled_any};
  const std::uint32_t sub_scope = m_next_id++;
  std::vector<ProductId> rest;
  for (ProductId v : members)
    if ((graph.enabled(m_product.system_state(v)) & unfulfilled) == 0) {
      m_mark[v] = sub_scope;
      rest.push_back(v);
    }
  // Components are marked only after the search that found them has finished.
  for (auto& comp : components(rest, sub_scope)) {
    const std::uint32_t cid = m_next_id++;
    for (ProductId v : comp) m_mark[v] = cid;
    if (auto fair = check(std::move(comp), cid)) return fair;
  }
  return std::nullopt;
}

std::optional<FairComponent> FairCycleSearch::find() {
  const std::uint32_t scope = m_next_id++;
  for (ProductId v : m_reachable) m_mark[v] = scope;
  auto comps = components(m_reachable, scope);
  for (auto& comp : comps) {
    const std::uint32_t cid = m_next_id++;
    for (ProductId v : comp) m_mark[v] = cid;
  }
  // Try components nearest to the initial nodes first, so that prefixes come out short.
  std::vector<std::pair<std::uint32_t, std::size_t>> order;
  for (std::size_t i = 0; i < comps.size(); ++i) {
    std::uint32_t best = kUnreached;
    for (ProductId v : comps[i]) best = std::min(best, m_depth[v]);
    order.push_back({best, i});
  }
  std::sort(order.begin(), order.end());
  for (const auto& [depth, i] : order) {
    (void)depth;
    const std::uint32_t id = m_mark[comps[i].front()];
    if (auto fair = check(std::move(comps[i]), id)) return fair;
  }
  return std::nullopt;
}

}  // namespace finwait::checker
