// The whole reachable state graph, kept for liveness checking: states, edges, enabledness.
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "finwait/checker/exploration.hpp"
#include "finwait/checker/state_store.hpp"
#include "finwait/model/successors.hpp"
#include "finwait/model/trace.hpp"
#include "finwait/properties/fairness.hpp"

namespace finwait::checker {

// Built by one breadth-first exploration (state 0 is the initial state, ids follow BFS order).
// Edges are stored compactly (CSR); states stay packed and are decoded on demand.
class SafetyObserver;  // safety_observer.hpp

class StateGraph {
 public:
  // With `also`, the same breadth-first search feeds a safety observer, so that one
  // exploration serves safety properties, queries and temporal claims together.
  static StateGraph explore(const model::SystemSemantics& sys, const ExplorationLimits& limits,
                            const ProgressFn& progress = {}, SafetyObserver* also = nullptr);

  std::size_t size() const { return m_offsets.size() - 1; }
  std::size_t edge_begin(StateId s) const { return m_offsets[s]; }
  std::size_t edge_end(StateId s) const { return m_offsets[s + 1]; }
  StateId target(std::size_t e) const { return m_targets[e]; }
  const model::Step& step(std::size_t e) const { return m_steps[e]; }
  // Classes with at least one step enabled in s (MODEL.md's "enabled" for fairness).
  properties::ClassMask enabled(StateId s) const { return m_enabled[s]; }
  model::SystemState state(StateId s) const { return m_decode(s); }
  // The search's shortest path to s (its parent chain), as a replayable trace.
  model::Trace trace_to(StateId s) const { return m_trace(s); }
  const ExplorationStats& stats() const { return m_stats; }
  const model::SystemSemantics& semantics() const { return *m_sys; }
  std::size_t bytes() const;

 private:
  template <std::size_t W>
  static StateGraph explore_with(const model::SystemSemantics& sys, const ExplorationLimits& limits,
                                 const ProgressFn& progress, SafetyObserver* also);
  // On limits.threads threads (state_graph_parallel.cpp): the same graph, ids and edges.
  static StateGraph explore_parallel(const model::SystemSemantics& sys, const ExplorationLimits& limits,
                                     const ProgressFn& progress, SafetyObserver* also);

  const model::SystemSemantics* m_sys = nullptr;
  std::vector<std::uint64_t> m_offsets{0};
  std::vector<StateId> m_targets;
  std::vector<model::Step> m_steps;
  std::vector<properties::ClassMask> m_enabled;
  std::function<model::SystemState(StateId)> m_decode;
  std::function<model::Trace(StateId)> m_trace;
  std::shared_ptr<void> m_store;  // keeps the packed states alive for m_decode
  ExplorationStats m_stats;
};

}  // namespace finwait::checker
