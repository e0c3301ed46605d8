// Product successor enumeration with tabulated predicate values.
#include "product_graph.hpp"

namespace finwait::checker {
ProductGraph::ProductGraph(const StateGraph& graph, const properties::Buchi& automaton, Budget& budget)
    : m_graph(graph), m_automaton(automaton), m_q(automaton.states.size()) {
  const auto& preds = automaton.predicates;
  for (std::size_t i = 0; i < preds.size(); ++i)
    if (properties::mentions_step(preds[i])) m_step_predicates |= properties::PredicateMask{1} << i;
  const auto& shape = graph.semantics().shape();
  m_state_bits.resize(graph.size());
  for (StateId s = 0; s < graph.size(); ++s) {
    budget.poll(s);
    const model::SystemState state = graph.state(s);
    properties::PredicateMask bits = 0;
    for (std::size_t i = 0; i < preds.size(); ++i)
      if (!((m_step_predicates >> i) & 1) && properties::evaluate(preds[i], state, shape))
        bits |= properties::PredicateMask{1} << i;
    m_state_bits[s] = bits;
  }
  const properties::PredicateMask first = letter_at(0, nullptr);
  for (int q : automaton.initial)
    if (automaton.states[q].admits(first)) m_initial.push_back(static_cast<ProductId>(q));
}

properties::PredicateMask ProductGraph::letter_at(StateId s, const model::Step* step) const {
  properties::PredicateMask bits = m_state_bits[s];
  if (m_step_predicates == 0) return bits;
  const model::SystemState state = m_graph.state(s);
  for (std::size_t i = 0; i < m_automaton.predicates.size(); ++i)
    if (((m_step_predicates >> i) & 1) &&
        properties::evaluate(m_automaton.predicates[i], state, m_graph.semantics().shape(), step))
      bits |= properties::PredicateMask{1} << i;
  return bits;
}

void ProductGraph::successors(ProductId v, std::vector<ProductEdge>& out) const {
  const StateId s = system_state(v);
  const auto& from = m_automaton.states[automaton_state(v)];
  auto add = [&](StateId to, std::size_t edge, const model::Step* step) {
    const properties::PredicateMask letter = letter_at(to, step);
    for (int r : from.successors)
      if (m_automaton.states[r].admits(letter))
        out.push_back({static_cast<ProductId>(to) * m_q + static_cast<ProductId>(r), edge});
  };
  for (std::size_t e = m_graph.edge_begin(s); e < m_graph.edge_end(s); ++e)
    add(m_graph.target(e), e, &m_graph.step(e));
  model::Step idle;
  idle.kind = model::StepKind::Idle;
  add(s, kIdleEdge, &idle);
}

}  // namespace finwait::checker
