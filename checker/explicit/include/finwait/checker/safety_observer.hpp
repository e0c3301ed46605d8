// Watches an exploration for the first violation of each safety property and query goal.
#pragma once

#include <functional>
#include <optional>
#include <vector>

#include "finwait/checker/safety_check.hpp"
#include "finwait/checker/state_store.hpp"
#include "finwait/model/successors.hpp"
#include "finwait/properties/safety_property.hpp"

namespace finwait::checker {

// Where a property was first seen violated (or a query goal first reached).
struct FirstHit {
  StateId state = kNoState;                 // the violating state, or the state before `step`
  std::optional<model::Transition> step;    // for violations that are steps
  std::uint64_t states_seen = 0;
  // Where a sequential search meets the hit: the state's id for hits on states (0, the
  // initial state, comes first), transition_order(from, k) for hits on transitions.
  std::uint64_t order = 0;
};

// A condition that mentions the step just taken is evaluated on transitions (the trace then
// ends with that step); one that does not is evaluated once per new state.
// Aligned to cache lines: threads each update their own observer, side by side in a vector.
class alignas(64) SafetyObserver {
 public:
  SafetyObserver(const model::ChannelShape& shape,
                 const std::vector<properties::SafetyProperty>& props,
                 const std::vector<properties::ReachQuery>& queries)
      : m_shape(shape), m_props(props), m_queries(queries), m_prop_hits(props.size()),
        m_query_hits(queries.size()) {
    for (const auto& p : props) m_prop_on_steps.push_back(mentions_step(p.bad));
    for (const auto& q : queries) m_query_on_steps.push_back(mentions_step(q.goal));
    for (std::size_t i = 0; i < props.size(); ++i)
      if (props[i].kind == properties::SafetyKind::NoUnexpectedStep || m_prop_on_steps[i])
        m_props_on_transitions.push_back(i);
    for (std::size_t i = 0; i < queries.size(); ++i)
      if (m_query_on_steps[i]) m_queries_on_transitions.push_back(i);
    count_open();
  }

  void on_state(StateId id, const model::SystemState& s, std::uint64_t) {
    ++m_states;
    const bool initial = id == 0;  // only the initial position has no step
    bool hit = false;
    for (std::size_t i = 0; i < m_props.size(); ++i)
      if (m_props[i].kind == properties::SafetyKind::NoBadState && !m_prop_hits[i] &&
          (initial || !m_prop_on_steps[i]) && properties::evaluate(m_props[i].bad, s, m_shape)) {
        m_prop_hits[i] = FirstHit{id, std::nullopt, m_states, id};
        hit = true;
      }
    for (std::size_t i = 0; i < m_queries.size(); ++i)
      if (!m_query_hits[i] && (initial || !m_query_on_steps[i]) &&
          properties::evaluate(m_queries[i].goal, s, m_shape)) {
        m_query_hits[i] = FirstHit{id, std::nullopt, m_states, id};
        hit = true;
      }
    if (hit) count_open();
  }

  // Whether a new state can decide anything: a formula about states not yet hit. If not,
  // searches call on_unwatched_state instead of decoding the state for on_state.
  bool watches_states() const { return m_open_on_states != 0; }
  void on_unwatched_state() { ++m_states; }

  // Whether transitions (of a state whose successors include an unexpected step, or not) can
  // still decide anything: a formula about steps not yet hit, or an unexpected step while a
  // no-unexpected property is open. If not, searches call on_transition for none of them.
  bool watches_transitions(bool any_unexpected) const {
    return m_open_on_steps != 0 || (any_unexpected && m_open_unexpected != 0);
  }

  // `t` is a SuccessorView: the next state is decoded only for properties about steps.
  template <class Successor>
  void on_transition(StateId from, const Successor& t, StateId) {
    // The common case, tested first because it is every transition of a search: nothing a
    // transition could still decide (a formula about steps not yet hit, an unexpected step
    // while no-unexpected is not yet violated).
    if (m_open_on_steps == 0 && (m_open_unexpected == 0 || !t.unexpected())) return;
    watch_transition(from, t);
  }

  void on_deadlock(StateId id, const model::SystemState& s) {
    for (std::size_t i = 0; i < m_props.size(); ++i)
      if (m_props[i].kind == properties::SafetyKind::NoBadDeadlock && !m_prop_hits[i] &&
          properties::evaluate(m_props[i].bad, s, m_shape))
        m_prop_hits[i] = FirstHit{id, std::nullopt, m_states, id};
  }

  // Takes over the hits of an observer that watched another part of the same search,
  // keeping for each property and query the hit a sequential search meets first.
  void merge(const SafetyObserver& other) {
    auto pick = [](std::optional<FirstHit>& mine, const std::optional<FirstHit>& theirs) {
      if (theirs && (!mine || theirs->order < mine->order)) mine = theirs;
    };
    for (std::size_t i = 0; i < m_prop_hits.size(); ++i) pick(m_prop_hits[i], other.m_prop_hits[i]);
    for (std::size_t i = 0; i < m_query_hits.size(); ++i) pick(m_query_hits[i], other.m_query_hits[i]);
    count_open();
  }

  const std::vector<std::optional<FirstHit>>& property_hits() const { return m_prop_hits; }
  const std::vector<std::optional<FirstHit>>& query_hits() const { return m_query_hits; }

 private:
  template <class Successor>
  [[gnu::noinline]] void watch_transition(StateId from, const Successor& t) {
    for (std::size_t i : m_props_on_transitions) {
      if (m_prop_hits[i]) continue;
      const auto kind = m_props[i].kind;
      if ((kind == properties::SafetyKind::NoUnexpectedStep && t.unexpected()) ||
          (kind == properties::SafetyKind::NoBadState && m_prop_on_steps[i] &&
           properties::evaluate(m_props[i].bad, t.next_state(), m_shape, &t.step())))
        m_prop_hits[i] = FirstHit{from, t.transition(), m_states, t.order()};
    }
    for (std::size_t i : m_queries_on_transitions)
      if (!m_query_hits[i] && properties::evaluate(m_queries[i].goal, t.next_state(), m_shape, &t.step()))
        m_query_hits[i] = FirstHit{from, t.transition(), m_states, t.order()};
    count_open();
  }

  // Counts the formulas a transition can still decide; called whenever a hit may have been
  // recorded (rarely: once per property at most, and on merges).
  void count_open() {
    m_open_on_steps = m_open_unexpected = m_open_on_states = 0;
    for (std::size_t i = 0; i < m_props.size(); ++i)
      if (m_props[i].kind == properties::SafetyKind::NoBadState && !m_prop_on_steps[i] && !m_prop_hits[i])
        ++m_open_on_states;
    for (std::size_t i = 0; i < m_queries.size(); ++i)
      if (!m_query_on_steps[i] && !m_query_hits[i]) ++m_open_on_states;
    for (std::size_t i : m_props_on_transitions) {
      if (m_prop_hits[i]) continue;
      ++(m_prop_on_steps[i] ? m_open_on_steps : m_open_unexpected);
    }
    for (std::size_t i : m_queries_on_transitions) m_open_on_steps += m_query_hits[i] ? 0 : 1;
  }

  const model::ChannelShape& m_shape;
  const std::vector<properties::SafetyProperty>& m_props;
  const std::vector<properties::ReachQuery>& m_queries;
  std::vector<std::optional<FirstHit>> m_prop_hits;
  std::vector<std::optional<FirstHit>> m_query_hits;
  std::vector<bool> m_prop_on_steps, m_query_on_steps;
  // The properties and queries a transition can decide (the others look at states only).
  std::vector<std::size_t> m_props_on_transitions, m_queries_on_transitions;
  std::size_t m_open_on_steps = 0;     // formulas about steps not yet hit
  std::size_t m_open_unexpected = 0;   // no-unexpected properties not yet violated
  std::size_t m_open_on_states = 0;    // formulas about states not yet hit
  std::uint64_t m_states = 0;
};

// The search's shortest path to a state, as a replayable trace.
using TraceTo = std::function<model::Trace(StateId)>;

// Verdicts, with replayed shortest traces, from the first hits of each property and query
// once the exploration that found them has ended with `stats`.
SafetyReport report_first_hits(const model::SystemSemantics& sys,
                               const std::vector<std::optional<FirstHit>>& property_hits,
                               const std::vector<std::optional<FirstHit>>& query_hits,
                               const std::vector<properties::SafetyProperty>& props,
                               const std::vector<properties::ReachQuery>& queries,
                               const ExplorationStats& stats, const TraceTo& trace_to);

inline SafetyReport report_hits(const model::SystemSemantics& sys, const SafetyObserver& observer,
                                const std::vector<properties::SafetyProperty>& props,
                                const std::vector<properties::ReachQuery>& queries,
                                const ExplorationStats& stats, const TraceTo& trace_to) {
  return report_first_hits(sys, observer.property_hits(), observer.query_hits(), props, queries,
                           stats, trace_to);
}

}  // namespace finwait::checker
