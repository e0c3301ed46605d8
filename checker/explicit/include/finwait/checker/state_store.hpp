// The set of visited states: packed states in discovery order, parent links, and a hash index.
#pragma once

#include <array>
#include <cstdint>
#include <utility>
#include <vector>

#include "finwait/checker/chunked_array.hpp"
#include "finwait/checker/exploration.hpp"
#include "finwait/model/hash_mix.hpp"
#include "finwait/model/state_layout.hpp"

namespace finwait::checker {

using StateId = std::uint32_t;
inline constexpr StateId kNoState = UINT32_MAX;

using model::mix64;

// Memory per state: the packed state, a 4-byte parent link, and 4-byte index slots at a load
// between 3/8 and 3/4. The index is split into 256 shards that grow one at a time, so growing
// never needs a second copy of the whole index (no 2x peak). A slot holds the state id + 1 in
// its low 28 bits and 4 bits of the state's hash above them, so a probe compares a stored
// state only when those bits match (1 in 16 otherwise): that is what bounds the store to
// kMaxStates states.
inline constexpr std::size_t kMaxStates = (std::size_t{1} << 28) - 1;

template <std::size_t W>
class StateStore {
 public:
  using Packed = model::PackedState<W>;
  static constexpr bool kKnowsOldIds = true;  // insert returns the id of a state seen before

  void keep_window(std::size_t, std::size_t) {}  // every state stays: the graph reads them all

  StateStore() : StateStore(0) {}
  explicit StateStore(const model::StateLayout& layout, const ExplorationLimits& limits = {})
      : StateStore(layout.bits(), limits) {}
  explicit StateStore(unsigned /*bits*/, const ExplorationLimits& /*limits*/ = {}) {
    for (Shard& s : m_shards) s.slots.assign(kInitialSlots, 0);
  }

  static std::uint64_t hash(const Packed& s) {
    std::uint64_t h = 0x9e3779b97f4a7c15ULL;
    for (std::uint64_t w : s) h = mix64(h ^ w);
    return h;
  }

  // Brings the first slot a lookup of hash `h` reads into the cache.
  void prefetch(std::uint64_t h) const {
    const Shard& shard = m_shards[h >> 56];
    __builtin_prefetch(&shard.slots[h & (shard.slots.size() - 1)]);
  }

  // Second stage: once the slot is cached, brings in the state its home slot points to.
  void prefetch_candidate(std::uint64_t h) const {
    const Shard& shard = m_shards[h >> 56];
    const std::uint32_t slot = shard.slots[h & (shard.slots.size() - 1)];
    if (slot != 0 && (slot & kTagMask) == fingerprint(h))
      __builtin_prefetch(&m_states[(slot & kIdMask) - 1]);
  }

  bool full() const { return m_states.size() >= kMaxStates; }

  // Returns (id, true) if the state is new, (existing id, false) otherwise. `h` is hash(state).
  // The caller must stop inserting once full().
  std::pair<StateId, bool> insert(const Packed& state, std::uint64_t h, StateId parent) {
    Shard& shard = m_shards[h >> 56];
    const std::size_t mask = shard.slots.size() - 1;
    const std::uint32_t tag = fingerprint(h);
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      const std::uint32_t slot = shard.slots[i];
      if (slot == 0) {
        const auto id = static_cast<StateId>(m_states.size());
        m_states.push_back(state);
        m_parents.push_back(parent);
        shard.slots[i] = tag | (id + 1);
        if (++shard.used * 4 > shard.slots.size() * 3) grow(shard);
        return {id, true};
      }
      if ((slot & kTagMask) == tag && same(m_states[(slot & kIdMask) - 1], state))
        return {(slot & kIdMask) - 1, false};
    }
  }
  std::pair<StateId, bool> insert(const Packed& state, StateId parent) {
    return insert(state, hash(state), parent);
  }

  const Packed& state(StateId id) const { return m_states[id]; }
  StateId parent(StateId id) const { return m_parents[id]; }
  std::size_t size() const { return m_states.size(); }
  unsigned packed_bytes() const { return sizeof(Packed); }
  std::size_t spilled_bytes() const { return 0; }
  std::size_t bytes() const {
    std::size_t index = 0;
    for (const Shard& s : m_shards) index += s.slots.size() * sizeof(std::uint32_t);
    return m_states.bytes() + m_parents.bytes() + index;
  }

 private:
  static constexpr std::size_t kInitialSlots = 64;
  static constexpr std::uint32_t kIdMask = (1u << 28) - 1;
  static constexpr std::uint32_t kTagMask = ~kIdMask;
  struct Shard {
    std::vector<std::uint32_t> slots;  // 0 = empty, else fingerprint | (state id + 1)
    std::size_t used = 0;
  };

  static std::uint32_t fingerprint(std::uint64_t h) {
    return static_cast<std::uint32_t>((h >> 48) & 0xf) << 28;
  }
  static bool same(const Packed& a, const Packed& b) {
    for (std::size_t i = 0; i < W; ++i)
      if (a[i] != b[i]) return false;
    return true;
  }

  void grow(Shard& shard) {
    std::vector<std::uint32_t> bigger(shard.slots.size() * 2, 0);
    const std::size_t mask = bigger.size() - 1;
    for (std::uint32_t slot : shard.slots) {
      if (slot == 0) continue;
      std::size_t i = hash(m_states[(slot & kIdMask) - 1]) & mask;
      while (bigger[i] != 0) i = (i + 1) & mask;
      bigger[i] = slot;
    }
    shard.slots.swap(bigger);
  }

  ChunkedArray<Packed> m_states;
  ChunkedArray<StateId> m_parents;
  std::array<Shard, 256> m_shards;
};

}  // namespace finwait::checker
