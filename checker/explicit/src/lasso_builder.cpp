// Lasso = shortest prefix to the fair component + a cycle meeting every obligation in it.
#include "lasso_builder.hpp"

#include <algorithm>
#include <deque>
#include <functional>
#include <stdexcept>
#include <unordered_map>

namespace finwait::checker {
namespace {

using properties::ClassMask;
struct Hop {
  ProductId from;
  ProductEdge edge;
};

// Shortest path inside the component from `from` whose last node satisfies `node_goal` or
// whose last edge satisfies `edge_goal`; at least one edge if `need_step`.
std::vector<Hop> path_within(const ProductGraph& product, const FairCycleSearch& search,
                             std::uint32_t id, ProductId from,
                             const std::function<bool(ProductId)>& node_goal,
                             const std::function<bool(const ProductEdge&)>& edge_goal,
                             bool need_step) {
  if (!need_step && node_goal(from)) return {};
  std::unordered_map<ProductId, Hop> came_from;
  std::deque<ProductId> queue{from};
  std::vector<ProductEdge> succ;
  auto unwind = [&](ProductId end, const Hop& last) {
    (void)end;
    std::vector<Hop> path{last};
    for (ProductId at = last.from; at != from;) {
      const Hop& h = came_from.at(at);
      path.push_back(h);
      at = h.from;
    }
    std::reverse(path.begin(), path.end());
    return path;
  };
  while (!queue.empty()) {
    const ProductId v = queue.front();
    queue.pop_front();
    succ.clear();
    product.successors(v, succ);
    for (const ProductEdge& e : succ) {
      if (!search.member(e.to, id)) continue;
      const Hop hop{v, e};
      if (edge_goal(e) || node_goal(e.to)) return unwind(e.to, hop);
      if (e.to == from || came_from.count(e.to)) continue;
      came_from.emplace(e.to, hop);
      queue.push_back(e.to);
    }
  }
  throw std::logic_error("internal error: a fair component is not strongly connected");
}

// Prefix: the product BFS's parent links from an initial node to `start`, as edges.
std::vector<Hop> prefix_to(const ProductGraph& product, const FairCycleSearch& search, ProductId start) {
  std::vector<ProductId> chain{start};
  while (search.parent(chain.back()) != chain.back()) chain.push_back(search.parent(chain.back()));
  std::reverse(chain.begin(), chain.end());
  std::vector<Hop> hops;
  std::vector<ProductEdge> succ;
  for (std::size_t i = 1; i < chain.size(); ++i) {
    succ.clear();
    product.successors(chain[i - 1], succ);
    const auto it = std::find_if(succ.begin(), succ.end(), [&](const ProductEdge& e) { return e.to == chain[i]; });
    hops.push_back({chain[i - 1], *it});
  }
  return hops;
}

// Cycle from `start` back to it that visits every acceptance set and meets every fairness
// obligation of the component: a weakly fair class is taken or seen disabled, a strongly fair
// class enabled somewhere in the component is taken.
std::vector<Hop> fair_cycle(const ProductGraph& product, const FairCycleSearch& search,
                            const FairComponent& comp, const properties::FairnessSpec& fairness,
                            ProductId start) {
  const auto& automaton = product.automaton();
  const auto& graph = product.graph();
  std::vector<Hop> hops;
  ProductId cur = start;
  ClassMask taken = 0;
  std::vector<ProductId> visited{start};
  auto extend = [&](const std::vector<Hop>& path) {
    for (const Hop& h : path) {
      hops.push_back(h);
      if (auto c = product.edge_class(h.edge.edge)) taken |= ClassMask{1} << *c;
      visited.push_back(h.edge.to);
      cur = h.edge.to;
    }
  };
  auto never = [](const ProductEdge&) { return false; };
  auto nowhere = [](ProductId) { return false; };
  for (std::size_t k = 0; k < automaton.acceptance.size(); ++k) {
    auto in_set = [&, k](ProductId v) { return bool(automaton.acceptance[k][product.automaton_state(v)]); };
    if (std::none_of(visited.begin(), visited.end(), in_set))
      extend(path_within(product, search, comp.id, cur, in_set, never, false));
  }
  for (int c = 0; c < properties::kStepClassCount; ++c) {
    const ClassMask bit = ClassMask{1} << c;
    const auto f = fairness.of[c];
    if (f == properties::Fairness::None || (taken & bit)) continue;
    auto takes = [&, c](const ProductEdge& e) { return product.edge_class(e.edge) == c; };
    auto disabled = [&, bit](ProductId v) { return (graph.enabled(product.system_state(v)) & bit) == 0; };
    if (f == properties::Fairness::Weak) {
      if (std::none_of(visited.begin(), visited.end(), disabled))
        extend(path_within(product, search, comp.id, cur, disabled, takes, false));
    } else if (comp.enabled_somewhere & bit) {
      extend(path_within(product, search, comp.id, cur, nowhere, takes, false));
    }
  }
  if (hops.empty() || cur != start)  // close the cycle unless the obligations already did
    extend(path_within(product, search, comp.id, cur, [&](ProductId v) { return v == start; }, never, true));
  return hops;
}

// The hops as a model trace, each step's flags taken from the model's own step function.
model::Trace as_trace(const ProductGraph& product, ProductId first, const std::vector<Hop>& hops,
                      std::size_t cycle_start) {
  const auto& graph = product.graph();
  model::Trace trace;
  trace.initial = graph.state(product.system_state(first));
  trace.cycle_start = cycle_start;
  for (const Hop& h : hops) {
    model::TraceStep ts;
    ts.state = graph.state(product.system_state(h.edge.to));
    if (h.edge.edge == kIdleEdge) {
      ts.step.kind = model::StepKind::Idle;
    } else {
      ts.step = graph.step(h.edge.edge);
      graph.semantics().for_each_successor(graph.state(product.system_state(h.from)),
                                           [&](const model::Transition& t) {
        if (t.step == ts.step && t.next == ts.state)
          ts.sent = t.sent, ts.unexpected = t.unexpected, ts.lost_to_full_channel = t.lost_to_full_channel;
      });
    }
    trace.steps.push_back(ts);
  }
  return trace;
}

}  // namespace

model::Trace build_lasso(const ProductGraph& product, const FairCycleSearch& search,
                         const FairComponent& comp, const properties::FairnessSpec& fairness) {
  const ProductId start = *std::min_element(comp.members.begin(), comp.members.end(),
      [&](ProductId a, ProductId b) { return search.depth(a) < search.depth(b); });
  std::vector<Hop> hops = prefix_to(product, search, start);
  const std::size_t cycle_start = hops.size();
  const ProductId first = hops.empty() ? start : hops.front().from;
  const std::vector<Hop> cycle = fair_cycle(product, search, comp, fairness, start);
  hops.insert(hops.end(), cycle.begin(), cycle.end());
  return as_trace(product, first, hops, cycle_start);
}

}  // namespace finwait::checker
