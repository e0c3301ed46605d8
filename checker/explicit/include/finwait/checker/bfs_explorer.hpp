// Breadth-first exhaustive exploration over packed states; observers see states and steps.
#pragma once

#include <chrono>
#include <vector>

#include "finwait/checker/budget.hpp"
#include "finwait/checker/exploration.hpp"
#include "finwait/checker/state_store.hpp"
#include "finwait/model/state_layout.hpp"
#include "finwait/model/successors.hpp"
#include "finwait/model/trace.hpp"

namespace finwait::checker {

// An Observer provides:
//   void on_state(StateId, const SystemState&, std::uint64_t depth)    each new state, once
//   void on_transition(StateId from, const Transition&, StateId to)    each transition
//   void on_deadlock(StateId, const SystemState&)                      states without successors
// States are discovered in order of BFS depth, so the first state an observer sees with some
// feature is one of the nearest to the initial state, and its parent chain a shortest path.
template <std::size_t W>
class BfsExplorer {
 public:
  BfsExplorer(const model::SystemSemantics& sys, const model::StateLayout& layout,
              ExplorationLimits limits, ProgressFn progress = {})
      : m_sys(sys), m_layout(layout), m_limits(limits), m_progress(std::move(progress)) {}

  template <class Observer>
  ExplorationStats run(Observer& observer);

  const StateStore<W>& store() const { return m_store; }
  model::SystemState state(StateId id) const { return m_layout.template unpack<W>(m_store.state(id)); }

  // The shortest path to `id` found by the search, as a replayable trace.
  model::Trace trace_to(StateId id) const;

 private:
  bool limit_reached(ExplorationStats& stats, std::uint64_t expanded);
  double elapsed() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
  }

  const model::SystemSemantics& m_sys;
  const model::StateLayout& m_layout;
  ExplorationLimits m_limits;
  ProgressFn m_progress;
  struct Pending {
    model::Transition transition;
    model::PackedState<W> packed;
    std::uint64_t hash;
  };

  StateStore<W> m_store;
  std::vector<Pending> m_batch;
  std::chrono::steady_clock::time_point m_start;
  double m_next_progress = 1.0;
};

template <std::size_t W>
template <class Observer>
ExplorationStats BfsExplorer<W>::run(Observer& observer) {
  m_start = std::chrono::steady_clock::now();
  ExplorationStats stats;
  stats.packed_bits = m_layout.bits();
  stats.packed_bytes = sizeof(model::PackedState<W>);
  const model::SystemState init = m_sys.initial();
  m_store.insert(m_layout.template pack<W>(init), kNoState);
  observer.on_state(0, init, 0);

  std::uint64_t depth = 0;
  std::size_t layer_end = 1;
  for (std::size_t head = 0; head < m_store.size(); ++head) {
    if (head == layer_end) {
      ++depth;
      layer_end = m_store.size();
    }
    if (limit_reached(stats, head)) break;
    const auto from = static_cast<StateId>(head);
    const model::SystemState s = state(from);
    // Successors are generated first and their index slots prefetched, so that the cache
    // misses of one state's lookups overlap instead of following one another.
    m_batch.clear();
    m_sys.for_each_successor(s, [this](const model::Transition& t) {
      const auto packed = m_layout.template pack<W>(t.next);
      const std::uint64_t h = StateStore<W>::hash(packed);
      m_store.prefetch(h);
      m_batch.push_back({t, packed, h});
    });
    for (const Pending& p : m_batch) m_store.prefetch_candidate(p.hash);
    for (const Pending& p : m_batch) {
      ++stats.transitions;
      if (p.transition.lost_to_full_channel) ++stats.full_channel_sends;
      const auto [to, is_new] = m_store.insert(p.packed, p.hash, from);
      if (is_new) {
        stats.depth = depth + 1;
        observer.on_state(to, p.transition.next, depth + 1);
      }
      observer.on_transition(from, p.transition, to);
    }
    if (m_batch.empty()) {
      ++stats.deadlocks;
      observer.on_deadlock(from, s);
    }
  }
  stats.states = m_store.size();
  stats.store_bytes = m_store.bytes();
  stats.seconds = elapsed();
  stats.peak_rss_bytes = peak_rss_bytes();
  return stats;
}

template <std::size_t W>
bool BfsExplorer<W>::limit_reached(ExplorationStats& stats, std::uint64_t expanded) {
  auto stop = [&](const char* why) {
    stats.complete = false;
    stats.stopped_by = why;
    return true;
  };
  if (m_limits.max_states && m_store.size() >= *m_limits.max_states) return stop("max_states");
  // A state can have at most a few hundred successors; stop well before the store is full.
  if (m_store.size() + 4096 >= kMaxStates) return stop("the explicit store's state limit");
  if ((expanded & 4095) != 0) return false;
  const double now = elapsed();
  // The limit counts the process's time, not this phase's (observation 3 of issue 12).
  if (m_limits.max_seconds && process_seconds() >= *m_limits.max_seconds) return stop("max_seconds");
  if ((expanded & 65535) == 0 && m_limits.max_memory_bytes &&
      current_rss_bytes() >= *m_limits.max_memory_bytes)
    return stop("max_memory");
  if (m_progress && now >= m_next_progress) {
    m_next_progress = now + 1.0;
    ExplorationStats snapshot = stats;
    snapshot.states = m_store.size();
    snapshot.seconds = now;
    snapshot.store_bytes = m_store.bytes();
    snapshot.peak_rss_bytes = current_rss_bytes();
    m_progress(snapshot);
  }
  return false;
}

template <std::size_t W>
model::Trace BfsExplorer<W>::trace_to(StateId id) const {
  std::vector<StateId> path;
  for (StateId at = id; at != kNoState; at = m_store.parent(at)) path.push_back(at);
  model::Trace trace;
  trace.initial = state(path.back());
  for (std::size_t i = path.size() - 1; i > 0; --i) {
    const model::SystemState from = state(path[i]);
    const auto& want = m_store.state(path[i - 1]);
    bool found = false;
    m_sys.for_each_successor(from, [&](const model::Transition& t) {
      if (found || !(m_layout.template pack<W>(t.next) == want)) return;
      found = true;
      trace.steps.push_back({t.step, t.next, t.sent, t.unexpected, t.lost_to_full_channel});
    });
  }
  return trace;
}

}  // namespace finwait::checker
