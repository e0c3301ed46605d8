// Breadth-first exhaustive exploration over packed states; observers see states and steps.
#pragma once

#include <algorithm>
#include <array>
#include <chrono>
#include <memory>
#include <optional>
#include <vector>

#include "finwait/checker/budget.hpp"
#include "finwait/checker/packed_successors.hpp"
#include "finwait/checker/exploration.hpp"
#include "finwait/checker/state_store.hpp"
#include "finwait/model/packed_step_function.hpp"
#include "finwait/model/state_layout.hpp"
#include "finwait/model/successors.hpp"
#include "finwait/model/trace.hpp"

namespace finwait::checker {

// An Observer provides:
//   void on_state(StateId, const SystemState&, std::uint64_t depth)    each new state, once
//   void on_transition(StateId from, const SuccessorView<W>&, StateId to)  each transition
//   void on_deadlock(StateId, const SystemState&)                      states without successors
// States are discovered in order of BFS depth, so the first state an observer sees with some
// feature is one of the nearest to the initial state, and its parent chain a shortest path.
// `Store` is StateStore<W> (ids of old states, parent links: what the liveness graph needs) or
// CompactStateStore (W = 1; half the memory, faster; traces found again by layer scans).
template <std::size_t W, class Store = StateStore<W>>
class BfsExplorer {
 public:
  BfsExplorer(const model::SystemSemantics& sys, const model::StateLayout& layout,
              ExplorationLimits limits, ProgressFn progress = {})
      : m_sys(sys), m_layout(layout), m_successors(sys, layout), m_limits(limits),
        m_progress(std::move(progress)), m_store(layout, limits) {}

  // From the model's initial state, or from `start` (tests reach states no run reaches).
  template <class Observer>
  ExplorationStats run(Observer& observer, std::optional<model::SystemState> start = std::nullopt);

  const Store& store() const { return m_store; }
  model::SystemState state(StateId id) const { return m_layout.template unpack<W>(m_store.state(id)); }

  // The shortest path to `id` found by the search, as a replayable trace.
  model::Trace trace_to(StateId id) const;

  // The ids of a shortest path from the initial state to `id`, initial state first.
  std::vector<StateId> path_to(StateId id) const;

 private:
  struct Pending {
    model::Step step;
    model::PackedState<W> packed;
    std::uint64_t hash;
    std::int8_t sent;
    bool unexpected, lost;
    bool stored;  // known to be stored already: no lookup needed
  };

  struct Lookup {  // a successor not known to be stored
    model::PackedState<W> packed;
    std::uint64_t hash;
  };
  // The successors of one state. When the observer may watch transitions (`full`), every
  // successor with its step, in order; else only those that need a lookup in the store, and
  // counts: most searches watch no transition once their step properties are decided.
  struct Batch {
    bool full = false;
    std::vector<Pending> all;       // if full
    std::vector<Lookup> lookups;    // if not full: the first n_lookups entries
    std::uint32_t n_lookups = 0;
    std::uint32_t count = 0;        // successors
    std::uint32_t lost = 0;         // successors whose send met a full channel
    bool any_unexpected = false;
  };

  bool limit_reached(ExplorationStats& stats, std::uint64_t expanded);
  // The successors of `from` into `out`, the slots of those that need a lookup prefetched.
  // `full`: keep every successor's step, for an observer that watches every transition (it
  // has open formulas about steps). One that does not now does not later (its open formulas
  // only close); if it watches unexpected steps, a batch with one is made again, full (rare:
  // the first unexpected step violates no-unexpected, and that property is then closed).
  void generate(StateId from, Batch& out, bool full) {
    out.full = full;
    std::uint32_t count = 0, lost = 0;
    bool unexpected_any = false;
    if (full) {
      out.all.clear();
      m_successors.for_each(m_store.state(from), [&](const model::Step& step,
                                                     const model::PackedState<W>& packed,
                                                     std::int8_t sent, bool unexpected, bool is_lost) {
        const std::uint64_t h = m_store.hash(packed);
        out.all.push_back({step, packed, h, sent, unexpected, is_lost, surely_stored(h)});
      });
      for (const Pending& p : out.all) {
        lost += p.lost ? 1 : 0;
        unexpected_any |= p.unexpected;
        if (!p.stored) m_store.prefetch(p.hash);
      }
      for (const Pending& p : out.all)
        if (!p.stored) m_store.prefetch_candidate(p.hash);
      count = static_cast<std::uint32_t>(out.all.size());
    } else {
      // Without a branch on whether a successor is known stored: that is a coin toss (about
      // half are), and a mispredicted branch per transition cost more than the lookup saved.
      std::uint32_t n = 0;
      m_successors.for_each(m_store.state(from), [&](const model::Step&,
                                                     const model::PackedState<W>& packed,
                                                     std::int8_t, bool unexpected, bool is_lost) {
        const std::uint64_t h = m_store.hash(packed);
        if (out.lookups.size() <= n) out.lookups.resize(2 * n + 16);
        out.lookups[n] = {packed, h};
        n += surely_stored(h) ? 0 : 1;
        ++count;
        lost += is_lost ? 1 : 0;
        unexpected_any |= unexpected;
      });
      out.n_lookups = n;
      for (std::uint32_t i = 0; i < n; ++i) m_store.prefetch(out.lookups[i].hash);
      for (std::uint32_t i = 0; i < n; ++i) m_store.prefetch_candidate(out.lookups[i].hash);
    }
    out.count = count;
    out.lost = lost;
    out.any_unexpected = unexpected_any;
  }
  // True only for a state already stored; stores that cannot tell say false.
  bool surely_stored(std::uint64_t h) const {
    if constexpr (requires { m_store.surely_stored(h); }) return m_store.surely_stored(h);
    return false;
  }
  // Files the successors of `from` and tells the observer of new states and, if it watches
  // them, of every transition (in order: parallel searches compare transition orders).
  template <class Observer>
  void file(StateId from, const Batch& batch, std::uint64_t depth, ExplorationStats& stats,
            Observer& observer);
  double elapsed() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
  }

  const model::SystemSemantics& m_sys;
  const model::StateLayout& m_layout;
  PackedSuccessors<W> m_successors;
  ExplorationLimits m_limits;
  ProgressFn m_progress;

  Store m_store;
  Batch m_again;  // a batch made again with its steps
  std::vector<StateId> m_layer_starts;  // the first id of each BFS depth
  static constexpr std::size_t kLookahead = 1;
  std::array<Batch, kLookahead + 1> m_ring;
  std::chrono::steady_clock::time_point m_start;
  double m_next_progress = 1.0;
};

template <std::size_t W, class Store>
template <class Observer>
ExplorationStats BfsExplorer<W, Store>::run(Observer& observer, std::optional<model::SystemState> start) {
  m_start = std::chrono::steady_clock::now();
  ExplorationStats stats;
  stats.packed_bits = m_layout.bits();
  stats.packed_bytes = m_store.packed_bytes();
  const model::SystemState init = start ? *start : m_sys.initial();
  const auto packed_init = m_layout.template pack<W>(init);
  m_store.insert(packed_init, m_store.hash(packed_init), kNoState);
  observer.on_state(0, init, 0);

  std::uint64_t depth = 0;
  std::size_t layer_end = 1;
  m_layer_starts.assign(1, 0);
  // Successors are generated, and their index slots prefetched, kLookahead states ahead of
  // the state whose successors are being looked up: the cache misses of the next batch then
  // overlap with this one's lookups. One state ahead measured fastest (bag cap 8: 1.40 s;
  // 2 ahead 1.45, 4 ahead 1.53, 8 ahead 1.58, none 1.53).
  std::size_t generated = 0;  // states whose successors are in the ring
  for (std::size_t head = 0; head < m_store.size(); ++head) {
    if (head == layer_end) {
      ++depth;
      layer_end = m_store.size();
      m_layer_starts.push_back(static_cast<StateId>(head));
    }
    if (limit_reached(stats, head)) break;
    // With --compress only the states about to be expanded stay in memory.
    if ((head & 4095) == 0) m_store.keep_window(head, head + 4096 + kLookahead);
    const auto from = static_cast<StateId>(head);
    for (; generated < m_store.size() && generated <= head + kLookahead; ++generated)
      generate(static_cast<StateId>(generated), m_ring[generated % (kLookahead + 1)],
               watches_transitions(observer, false));
    const Batch& batch = m_ring[head % (kLookahead + 1)];
    file(from, batch, depth, stats, observer);
    if (batch.count == 0) {
      ++stats.deadlocks;
      observer.on_deadlock(from, state(from));
    }
  }
  stats.states = m_store.size();
  stats.store_bytes = m_store.bytes();
  stats.spilled_bytes = m_store.spilled_bytes();
  if constexpr (requires { m_store.add_bitstate_stats(stats); }) m_store.add_bitstate_stats(stats);
  stats.seconds = elapsed();
  stats.peak_rss_bytes = peak_rss_bytes();
  return stats;
}

template <std::size_t W, class Store>
template <class Observer>
void BfsExplorer<W, Store>::file(StateId from, const Batch& batch, std::uint64_t depth,
                                 ExplorationStats& stats, Observer& observer) {
  stats.transitions += batch.count;
  stats.full_channel_sends += batch.lost;
  auto insert = [&](const model::PackedState<W>& packed, std::uint64_t h) {
    const auto [to, is_new] = m_store.insert(packed, h, from);
    if (is_new) {
      stats.depth = depth + 1;
      report_new_state(observer, to, depth + 1, [&] { return m_layout.template unpack<W>(packed); });
    }
    return to;
  };
  const bool watched = watches_transitions(observer, batch.any_unexpected);
  if (!batch.full && !watched) {  // the common case: only the successors not known stored
    for (std::uint32_t i = 0; i < batch.n_lookups; ++i) insert(batch.lookups[i].packed, batch.lookups[i].hash);
    return;
  }
  if (!batch.full) generate(from, m_again, true);
  const Batch& full = batch.full ? batch : m_again;
  for (std::size_t k = 0; k < full.all.size(); ++k) {
    const Pending& p = full.all[k];
    const StateId to = p.stored ? kNoState : insert(p.packed, p.hash);
    if (watched)
      observer.on_transition(from,
                             SuccessorView<W>(m_layout, p.step, p.packed, p.sent, p.unexpected, p.lost,
                                              transition_order(from, k)),
                             to);
  }
}

template <std::size_t W, class Store>
bool BfsExplorer<W, Store>::limit_reached(ExplorationStats& stats, std::uint64_t expanded) {
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
    snapshot.queue = m_store.size() - expanded;
    snapshot.seconds = now;
    snapshot.store_bytes = m_store.bytes();
    snapshot.peak_rss_bytes = current_rss_bytes();
    m_progress(snapshot);
  }
  return false;
}

template <std::size_t W, class Store>
std::vector<StateId> BfsExplorer<W, Store>::path_to(StateId id) const {
  if constexpr (Store::kKnowsOldIds) {
    std::vector<StateId> path{id};
    for (StateId at = m_store.parent(id); at != kNoState; at = m_store.parent(at)) path.push_back(at);
    std::reverse(path.begin(), path.end());
    return path;
  } else {
    return path_by_layers(m_successors, [this](StateId s) { return m_store.state(s); }, m_layer_starts, id);
  }
}

template <std::size_t W, class Store>
model::Trace BfsExplorer<W, Store>::trace_to(StateId id) const {
  return trace_along<W>(m_sys, m_layout, [this](StateId s) { return m_store.state(s); }, path_to(id));
}

}  // namespace finwait::checker
