// Breadth-first search on several threads that finds exactly what the sequential search finds.
#pragma once

#include <array>
#include <atomic>
#include <barrier>
#include <chrono>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "finwait/checker/budget.hpp"
#include "finwait/checker/compact_state_set.hpp"
#include "finwait/checker/exploration.hpp"
#include "finwait/checker/packed_state_array.hpp"
#include "finwait/checker/packed_successors.hpp"
#include "finwait/checker/recent_keys.hpp"

namespace finwait::checker {

// Design. The set of visited states is partitioned by hash: thread t owns the CompactStateSet
// shards s with s % threads == t, and only t ever touches them, so inserting needs no lock.
// The search runs one BFS layer at a time, in rounds of at most kRoundStates states:
//   A. the threads take chunks of kChunkStates states of the round in turn (so a slow thread
//      takes fewer), expand them, file each successor under (chunk, owner of its shard), and
//      show the transitions to their own observers;
//   B. each thread inserts what was filed for it, chunk by chunk in order, so among copies
//      of one state the first in sequential order is inserted (and found new);
//   C. the threads merge the new states by that order, each for a slice of the chunks (a
//      chunk's states come before the next chunk's in any order), and one thread appends the
//      slices in turn: ids are then exactly the sequential search's, and so are layers,
//      shortest paths and traces;
//   D. each thread shows a slice of the new states to its observer.
// Observers see disjoint parts of the search; the caller merges them (SafetyObserver::merge
// keeps the hit the sequential search meets first), so verdicts and traces do not depend on
// the number of threads. Limits are checked between rounds.
template <class Observer>
class ParallelBfs {
 public:
  static constexpr std::size_t kRoundStates = 16384;  // per thread
  static constexpr std::size_t kChunkStates = 128;

  ParallelBfs(const model::SystemSemantics& sys, const model::StateLayout& layout,
              ExplorationLimits limits, ProgressFn progress, unsigned threads)
      : m_sys(sys), m_layout(layout), m_successors(sys, layout), m_limits(limits),
        m_progress(std::move(progress)), m_threads(threads), m_set(StateKey(layout)),
        m_states(layout.bits()), m_workers(threads),
        m_filed((kRoundStates * threads + kChunkStates - 1) / kChunkStates) {
    for (auto& chunk : m_filed) chunk.resize(threads);
    for (std::size_t shard = 0; shard < CompactStateSet::kShards; ++shard)
      m_owner[shard] = static_cast<std::uint16_t>(shard % threads);
    if (limits.compress) m_states.enable_spilling();
  }

  static bool fits(const model::StateLayout& layout) {
    return layout.words() == 1 && CompactStateSet::kMaxKeyBits >= layout.bits();
  }

  // `observers` holds one observer per thread; their union saw the whole search.
  ExplorationStats run(std::vector<Observer>& observers);

  std::size_t size() const { return m_states.size(); }
  // The states in id order, and how many of them were expanded (all, unless a limit stopped
  // the search: then those of the rounds that ran).
  const PackedStateArray& states() const { return m_states; }
  std::size_t expanded() const { return m_round_end; }
  model::Trace trace_to(StateId id) const {
    auto state_at = [this](StateId s) { return model::PackedState<1>{m_states[s]}; };
    return trace_along<1>(m_sys, m_layout, state_at,
                          path_by_layers(m_successors, state_at, m_layer_starts, id));
  }

 private:
  // A successor on its way to the owner of its shard, in one word: the packed state (at most
  // 44 bits: fits()), then the expanded state's place in its chunk and the successor's index,
  // from which the owner rebuilds the transition's order. It travels with its scrambled key
  // (Filed), so the owner does not scramble it again.
  struct Item {
    std::uint64_t word;
    static Item of(std::uint64_t packed, std::size_t in_chunk, std::size_t k) {
      return {packed | (std::uint64_t{in_chunk} << kStateBits) | (std::uint64_t{k} << (kStateBits + 7))};
    }
    std::uint64_t packed() const { return word & ((std::uint64_t{1} << kStateBits) - 1); }
    std::size_t in_chunk() const { return (word >> kStateBits) & (kChunkStates - 1); }
    std::size_t k() const { return word >> (kStateBits + 7); }
  };
  static constexpr unsigned kStateBits = CompactStateSet::kMaxKeyBits;
  static_assert(kChunkStates == 128 && kStateBits + 7 + 8 <= 64, "an Item is one word");
  struct Filed {  // an Item with its scrambled key, made once in phase A
    std::uint64_t scrambled;
    Item item;
  };
  struct Found {  // a new state, with the order of the transition that found it
    std::uint64_t order, packed;
  };
  // Aligned to its own cache lines: counters of two threads must not share one.
  struct alignas(64) Worker {
    std::vector<Found> found;             // phase B: in order, chunk by chunk
    std::vector<std::size_t> chunk_ends;  // found[chunk_ends[c] .. chunk_ends[c + 1]) is chunk c's
    std::vector<std::uint64_t> merged;    // phase C: this thread's slice of chunks, merged
    // Keys this thread filed lately: they are in the set once this round's phase B is over,
    // and a later copy (later in sequential order too: a thread's chunks come in order) need
    // not be filed at all.
    RecentKeys recent;
    std::vector<Filed> fresh;  // one state's successors
    std::uint64_t transitions = 0, full_channel_sends = 0, deadlocks = 0;
  };

  std::pair<std::size_t, std::size_t> slice(std::size_t begin, std::size_t end, unsigned t) const {
    const std::size_t n = end - begin;
    return {begin + n * t / m_threads, begin + n * (t + 1) / m_threads};
  }
  void work(unsigned t, Observer& observer, std::barrier<>& sync);
  template <class F>
  void guarded(F&& phase) {
    try {
      phase();
    } catch (...) {
      const std::lock_guard<std::mutex> lock(m_error_mutex);
      if (!m_error) m_error = std::current_exception();
      m_failed = true;
    }
  }
  void expand(unsigned t, Observer& observer);
  void insert(unsigned t);
  void merge_found(unsigned t);
  void append_new_states();
  void observe_new(unsigned t, Observer& observer);
  bool next_round();
  bool limit_reached();
  ExplorationStats snapshot() const;

  const model::SystemSemantics& m_sys;
  const model::StateLayout& m_layout;
  PackedSuccessors<1> m_successors;
  ExplorationLimits m_limits;
  ProgressFn m_progress;
  unsigned m_threads;
  CompactStateSet m_set;
  PackedStateArray m_states;
  std::vector<Worker> m_workers;
  // One cache line per box: boxes of chunks that two threads fill at once must not share one.
  struct alignas(64) Box {
    std::vector<Filed> items;
  };
  std::vector<std::vector<Box>> m_filed;  // [chunk of the round][owner]
  std::atomic<std::size_t> m_next_chunk{0};
  std::array<std::uint16_t, CompactStateSet::kShards> m_owner;  // shard -> its thread
  std::vector<StateId> m_layer_starts{0};
  // Written by thread 0 between barriers, read by all after them.
  std::size_t m_round_begin = 0, m_round_end = 0, m_layer_end = 1, m_new_begin = 0;
  std::uint64_t m_depth = 0, m_max_depth = 0;
  bool m_done = false;
  std::atomic<bool> m_failed{false};
  std::mutex m_error_mutex;
  std::exception_ptr m_error;
  ExplorationStats m_stats;
  std::chrono::steady_clock::time_point m_start;
  double m_next_progress = 1.0;
};

template <class Observer>
ExplorationStats ParallelBfs<Observer>::run(std::vector<Observer>& observers) {
  m_start = std::chrono::steady_clock::now();
  m_stats.packed_bits = m_layout.bits();
  m_stats.packed_bytes = m_states.width();
  m_stats.threads = m_threads;
  const model::SystemState init = m_sys.initial();
  const std::uint64_t packed_init = m_layout.pack<1>(init)[0];
  m_set.insert(m_set.scramble(packed_init));
  m_states.push_back(packed_init);
  observers[0].on_state(0, init, 0);
  std::barrier sync(static_cast<std::ptrdiff_t>(m_threads));
  {
    std::vector<std::jthread> helpers;
    for (unsigned t = 1; t < m_threads; ++t)
      helpers.emplace_back([this, t, &observers, &sync] { work(t, observers[t], sync); });
    work(0, observers[0], sync);
  }
  if (m_error) std::rethrow_exception(m_error);
  for (const Worker& w : m_workers) {
    m_stats.transitions += w.transitions;
    m_stats.full_channel_sends += w.full_channel_sends;
    m_stats.deadlocks += w.deadlocks;
  }
  m_stats.states = m_states.size();
  m_stats.depth = m_max_depth;
  m_stats.store_bytes = m_set.bytes() + m_states.bytes();
  m_stats.spilled_bytes = m_states.spilled_bytes();
  m_stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
  m_stats.peak_rss_bytes = peak_rss_bytes();
  return m_stats;
}

template <class Observer>
void ParallelBfs<Observer>::work(unsigned t, Observer& observer, std::barrier<>& sync) {
  // A thread that fails (a full disk under --compress, say) must still arrive at every
  // barrier, or the others wait forever: each phase runs guarded, and the search ends at the
  // next round; run() then throws the first error.
  for (;;) {
    if (t == 0) guarded([this] { m_done = m_failed.load() || !next_round(); });
    sync.arrive_and_wait();
    if (m_done || m_failed.load()) return;
    guarded([&] { expand(t, observer); });
    sync.arrive_and_wait();
    guarded([&] { insert(t); });
    sync.arrive_and_wait();
    guarded([&] { merge_found(t); });
    sync.arrive_and_wait();
    if (t == 0) guarded([this] { append_new_states(); });
    sync.arrive_and_wait();
    guarded([&] { observe_new(t, observer); });
  }
}

template <class Observer>
void ParallelBfs<Observer>::expand(unsigned t, Observer& observer) {
  Worker& w = m_workers[t];
  std::uint64_t transitions = 0, full_channel_sends = 0, deadlocks = 0;
  for (;;) {
    const std::size_t chunk = m_next_chunk.fetch_add(1, std::memory_order_relaxed);
    const std::size_t begin = m_round_begin + chunk * kChunkStates;
    if (begin >= m_round_end) break;
    const std::size_t end = std::min(m_round_end, begin + kChunkStates);
    std::vector<Box>& filed = m_filed[chunk];
    for (Box& box : filed) box.items.clear();
    for (std::size_t from = begin; from < end; ++from) {
      std::size_t k = 0;
      std::size_t fresh = 0;  // successors in w.fresh that w.recent does not know
      m_successors.for_each({m_states[from]}, [&](const model::Step& step,
                                                  const model::PackedState<1>& next, std::int8_t sent,
                                                  bool unexpected, bool lost) {
        const std::uint64_t h = m_set.scramble(next[0]);
        const std::size_t index = k++;
        // Without a branch on the outcome, which is a coin toss (see BfsExplorer::generate).
        if (w.fresh.size() <= fresh) w.fresh.resize(2 * fresh + 16);
        w.fresh[fresh] = {h, Item::of(next[0], from - begin, index)};
        fresh += w.recent.contains(h) ? 0 : 1;
        w.recent.remember(h);
        ++transitions;
        full_channel_sends += lost ? 1 : 0;
        if (watches_transitions(observer, unexpected))
          observer.on_transition(static_cast<StateId>(from),
                                 SuccessorView<1>(m_layout, step, next, sent, unexpected, lost,
                                                  transition_order(static_cast<StateId>(from), index)),
                                 kNoState);
      });
      for (std::size_t i = 0; i < fresh; ++i)
        filed[m_owner[m_set.shard_of(w.fresh[i].scrambled)]].items.push_back(w.fresh[i]);
      if (k == 0) {
        ++deadlocks;
        observer.on_deadlock(static_cast<StateId>(from), m_layout.unpack<1>({m_states[from]}));
      }
    }
  }
  w.transitions += transitions;
  w.full_channel_sends += full_channel_sends;
  w.deadlocks += deadlocks;
}

template <class Observer>
void ParallelBfs<Observer>::insert(unsigned t) {
  Worker& w = m_workers[t];
  w.found.clear();
  const std::size_t chunks = (m_round_end - m_round_begin + kChunkStates - 1) / kChunkStates;
  w.chunk_ends.assign(1, 0);
  for (std::size_t chunk = 0; chunk < chunks; ++chunk) {
    const std::vector<Filed>& items = m_filed[chunk][t].items;
    m_set.insert_scrambled_batch(
        items.size(), [&](std::size_t i) { return items[i].scrambled; },
        [&](std::size_t i) {
          const Item item = items[i].item;
          const std::size_t from = m_round_begin + chunk * kChunkStates + item.in_chunk();
          w.found.push_back({transition_order(static_cast<StateId>(from), item.k()), item.packed()});
        });
    w.chunk_ends.push_back(w.found.size());
  }
}

template <class Observer>
void ParallelBfs<Observer>::merge_found(unsigned t) {
  Worker& w = m_workers[t];
  w.merged.clear();
  // A thread that failed in phase B left its chunk_ends short; the search ends this round.
  if (m_failed.load()) return;
  const std::size_t chunks = m_workers[0].chunk_ends.size() - 1;
  const auto [first, last] = slice(0, chunks, t);
  std::vector<std::size_t> next(m_threads), end(m_threads);
  for (std::size_t chunk = first; chunk < last; ++chunk) {
    for (unsigned u = 0; u < m_threads; ++u) {
      next[u] = m_workers[u].chunk_ends[chunk];
      end[u] = m_workers[u].chunk_ends[chunk + 1];
    }
    for (;;) {
      unsigned best = m_threads;
      for (unsigned u = 0; u < m_threads; ++u)
        if (next[u] < end[u] &&
            (best == m_threads || m_workers[u].found[next[u]].order < m_workers[best].found[next[best]].order))
          best = u;
      if (best == m_threads) break;
      w.merged.push_back(m_workers[best].found[next[best]++].packed);
    }
  }
}

template <class Observer>
void ParallelBfs<Observer>::append_new_states() {
  m_new_begin = m_states.size();
  for (const Worker& w : m_workers)  // slices in chunk order
    for (const std::uint64_t packed : w.merged) m_states.push_back(packed);
  if (m_states.size() > m_new_begin) m_max_depth = m_depth + 1;
}

template <class Observer>
void ParallelBfs<Observer>::observe_new(unsigned t, Observer& observer) {
  const auto [begin, end] = slice(m_new_begin, m_states.size(), t);
  for (std::size_t id = begin; id < end; ++id)
    report_new_state(observer, static_cast<StateId>(id), m_depth + 1,
                     [&] { return m_layout.unpack<1>({m_states[id]}); });
}

// Chooses the next round (within the current layer), or says the search is over.
template <class Observer>
bool ParallelBfs<Observer>::next_round() {
  const std::size_t next = m_round_end;
  if (next >= m_states.size()) return false;
  if (next == m_layer_end) {
    ++m_depth;
    m_layer_end = m_states.size();
    m_layer_starts.push_back(static_cast<StateId>(next));
  }
  if (limit_reached()) return false;
  m_round_begin = next;
  m_round_end = std::min(m_layer_end, next + kRoundStates * m_threads);
  m_states.keep_window(m_round_begin, m_round_end);  // with --compress, the rest is on disk
  m_next_chunk.store(0, std::memory_order_relaxed);
  return true;
}

template <class Observer>
bool ParallelBfs<Observer>::limit_reached() {
  auto stop = [this](const char* why) {
    m_stats.complete = false;
    m_stats.stopped_by = why;
    return true;
  };
  if (m_limits.max_states && m_states.size() >= *m_limits.max_states) return stop("max_states");
  // A round adds at most a few hundred states per state expanded.
  if (m_states.size() + 256 * kRoundStates * m_threads >= kMaxStates)
    return stop("the explicit store's state limit");
  if (m_limits.max_seconds && process_seconds() >= *m_limits.max_seconds) return stop("max_seconds");
  if (m_limits.max_memory_bytes && current_rss_bytes() >= *m_limits.max_memory_bytes)
    return stop("max_memory");
  const double now = std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
  if (m_progress && now >= m_next_progress) {
    m_next_progress = now + 1.0;
    m_progress(snapshot());
  }
  return false;
}

template <class Observer>
ExplorationStats ParallelBfs<Observer>::snapshot() const {
  ExplorationStats s = m_stats;
  s.states = m_states.size();
  s.queue = m_states.size() - m_round_end;
  s.depth = m_max_depth;
  for (const Worker& w : m_workers) s.transitions += w.transitions;
  s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
  s.store_bytes = m_set.bytes() + m_states.bytes();
  s.peak_rss_bytes = current_rss_bytes();
  return s;
}

}  // namespace finwait::checker
