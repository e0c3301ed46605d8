// The product of the state graph (plus MODEL.md's stuttering) with a Büchi automaton.
#pragma once

#include <vector>

#include "finwait/checker/budget.hpp"
#include "finwait/checker/state_graph.hpp"
#include "finwait/properties/buchi.hpp"

namespace finwait::checker {

using ProductId = std::uint64_t;  // state * Q + automaton state

// A product edge: the system edge taken (kIdleEdge for stuttering) and the target node.
inline constexpr std::size_t kIdleEdge = SIZE_MAX;
struct ProductEdge {
  ProductId to;
  std::size_t edge;
};

class ProductGraph {
 public:
  // Tabulates the predicates of every state, polling `budget` once per state.
  ProductGraph(const StateGraph& graph, const properties::Buchi& automaton, Budget& budget);

  std::size_t automaton_size() const { return m_q; }
  std::size_t size() const { return m_graph.size() * m_q; }
  StateId system_state(ProductId v) const { return static_cast<StateId>(v / m_q); }
  int automaton_state(ProductId v) const { return static_cast<int>(v % m_q); }
  const std::vector<ProductId>& initial() const { return m_initial; }

  // Appends v's successors to `out`. The system may idle in any state (MODEL.md).
  void successors(ProductId v, std::vector<ProductEdge>& out) const;

  std::optional<int> edge_class(std::size_t edge) const {
    return edge == kIdleEdge ? std::nullopt : properties::step_class(m_graph.step(edge));
  }
  const StateGraph& graph() const { return m_graph; }
  const properties::Buchi& automaton() const { return m_automaton; }

 private:
  properties::PredicateMask letter_at(StateId s, const model::Step* step) const;

  const StateGraph& m_graph;
  const properties::Buchi& m_automaton;
  std::size_t m_q;
  // Predicates without step atoms depend on the state alone: their bits are tabulated once.
  std::vector<properties::PredicateMask> m_state_bits;
  properties::PredicateMask m_step_predicates = 0;  // predicates that mention the step
  std::vector<ProductId> m_initial;
};

}  // namespace finwait::checker
