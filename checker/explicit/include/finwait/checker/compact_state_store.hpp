// The visited-state store of safety searches: a CompactStateSet beside the states in order.
#pragma once

#include <utility>

#include "finwait/checker/compact_state_set.hpp"
#include "finwait/checker/exploration.hpp"
#include "finwait/checker/packed_state_array.hpp"
#include "finwait/checker/recent_keys.hpp"
#include "finwait/checker/state_store.hpp"

namespace finwait::checker {

// Same interface as StateStore<1>, for searches that never ask which old state a transition
// reached (safety and reachability; not the liveness graph). It keeps no parent links: the
// explorer finds a shortest path again by scanning BFS layers (see BfsExplorer::trace_to).
// Memory per state: the packed state's bytes, plus about 2 to 4 / 0.65 bytes of set.
class CompactStateStore {
 public:
  static constexpr bool kKnowsOldIds = false;
  using Packed = model::PackedState<1>;

  static bool fits(unsigned bits) { return bits <= CompactStateSet::kMaxKeyBits; }
  explicit CompactStateStore(const model::StateLayout& layout, const ExplorationLimits& limits = {})
      : m_set(StateKey(layout)), m_states(layout.bits()) {
    if (limits.compress) m_states.enable_spilling();
  }

  // The states the search is about to read: with spilling on, only they stay in memory.
  void keep_window(std::size_t lo, std::size_t hi) { m_states.keep_window(lo, hi); }

  std::uint64_t hash(const Packed& s) const { return m_set.scramble(s[0]); }
  void prefetch(std::uint64_t h) const { m_set.prefetch(h); }
  void prefetch_candidate(std::uint64_t) const {}  // membership needs no second access
  // True only for a state already stored (a recently filed key); false says nothing.
  bool surely_stored(std::uint64_t h) const { return m_recent.contains(h); }

  // (new id, true) for a new state; (kNoState, false) for one already stored.
  std::pair<StateId, bool> insert(const Packed& state, std::uint64_t h, StateId /*parent*/) {
    m_recent.remember(h);
    if (!m_set.insert(h)) return {kNoState, false};
    m_states.push_back(state[0]);
    return {static_cast<StateId>(m_states.size() - 1), true};
  }

  Packed state(StateId id) const { return {m_states[id]}; }
  std::size_t size() const { return m_states.size(); }
  std::size_t bytes() const { return m_set.bytes() + m_states.bytes(); }  // in memory
  unsigned packed_bytes() const { return m_states.width(); }
  std::size_t spilled_bytes() const { return m_states.spilled_bytes(); }

 private:
  CompactStateSet m_set;
  RecentKeys m_recent;
  PackedStateArray m_states;
};

}  // namespace finwait::checker
