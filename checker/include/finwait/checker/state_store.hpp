// The set of visited states: packed states in discovery order, parent links, and a hash index.
#pragma once

#include <array>
#include <cstdint>
#include <utility>
#include <vector>

#include "finwait/checker/chunked_array.hpp"
#include "finwait/model/state_layout.hpp"

namespace finwait::checker {

using StateId = std::uint32_t;
inline constexpr StateId kNoState = UINT32_MAX;

inline std::uint64_t mix64(std::uint64_t x) {  // murmur3's finaliser
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

// Memory per state: the packed state, a 4-byte parent link, and 4-byte index slots at a load
// between 3/8 and 3/4. The index is split into 256 shards that grow one at a time, so growing
// never needs a second copy of the whole index (no 2x peak).
template <std::size_t W>
class StateStore {
 public:
  using Packed = model::PackedState<W>;

  StateStore() {
    for (Shard& s : m_shards) s.slots.assign(kInitialSlots, 0);
  }

  // Returns (id, true) if the state is new, (existing id, false) otherwise.
  std::pair<StateId, bool> insert(const Packed& state, StateId parent) {
    const std::uint64_t h = hash(state);
    Shard& shard = m_shards[h >> 56];
    std::size_t mask = shard.slots.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      const std::uint32_t slot = shard.slots[i];
      if (slot == 0) {
        const auto id = static_cast<StateId>(m_states.size());
        m_states.push_back(state);
        m_parents.push_back(parent);
        shard.slots[i] = id + 1;
        if (++shard.used * 4 > shard.slots.size() * 3) grow(shard);
        return {id, true};
      }
      if (m_states[slot - 1] == state) return {slot - 1, false};
    }
  }

  const Packed& state(StateId id) const { return m_states[id]; }
  StateId parent(StateId id) const { return m_parents[id]; }
  std::size_t size() const { return m_states.size(); }
  std::size_t bytes() const {
    std::size_t index = 0;
    for (const Shard& s : m_shards) index += s.slots.size() * sizeof(std::uint32_t);
    return m_states.bytes() + m_parents.bytes() + index;
  }

 private:
  static constexpr std::size_t kInitialSlots = 64;
  struct Shard {
    std::vector<std::uint32_t> slots;  // 0 = empty, else state id + 1
    std::size_t used = 0;
  };

  static std::uint64_t hash(const Packed& s) {
    std::uint64_t h = 0x9e3779b97f4a7c15ULL;
    for (std::uint64_t w : s) h = mix64(h ^ w);
    return h;
  }

  void grow(Shard& shard) {
    std::vector<std::uint32_t> bigger(shard.slots.size() * 2, 0);
    const std::size_t mask = bigger.size() - 1;
    for (std::uint32_t slot : shard.slots) {
      if (slot == 0) continue;
      std::size_t i = hash(m_states[slot - 1]) & mask;
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
