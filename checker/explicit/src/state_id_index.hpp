// Packed state -> id for states already stored in id order: built once by several threads,
// then read by several threads at once (the parallel state graph looks up every target).
#pragma once

#include <array>
#include <cstdint>
#include <thread>
#include <vector>

#include "finwait/checker/packed_state_array.hpp"
#include "finwait/checker/state_store.hpp"

namespace finwait::checker {

// Open addressing in 256 shards, each sized once from an exact count (load 1/3 to 2/3), so
// nothing ever grows. A slot holds id + 1 in its low 28 bits and 4 bits of the hash above,
// so a probe reads the stored state only when those bits match (as StateStore does).
class StateIdIndex {
 public:
  StateIdIndex(const PackedStateArray& states, std::size_t count, unsigned threads) : m_states(states) {
    std::array<std::size_t, kShards> per_shard{};
    for (std::size_t id = 0; id < count; ++id) ++per_shard[hash(states[id]) >> 56];
    for (std::size_t s = 0; s < kShards; ++s) {
      std::size_t size = 16;
      while (size < per_shard[s] + per_shard[s] / 2) size *= 2;
      m_shards[s].assign(size, 0);
    }
    // Thread t fills the shards s with s % threads == t; each reads every state.
    std::vector<std::jthread> workers;
    for (unsigned t = 0; t < threads; ++t)
      workers.emplace_back([this, count, threads, t] {
        for (std::size_t id = 0; id < count; ++id) {
          const std::uint64_t h = hash(m_states[id]);
          if ((h >> 56) % threads != t) continue;
          std::vector<std::uint32_t>& slots = m_shards[h >> 56];
          std::size_t i = h & (slots.size() - 1);
          while (slots[i] != 0) i = (i + 1) & (slots.size() - 1);
          slots[i] = tag(h) | static_cast<std::uint32_t>(id + 1);
        }
      });
  }

  StateId find(std::uint64_t packed) const {
    const std::uint64_t h = hash(packed);
    const std::vector<std::uint32_t>& slots = m_shards[h >> 56];
    for (std::size_t i = h & (slots.size() - 1);; i = (i + 1) & (slots.size() - 1)) {
      const std::uint32_t slot = slots[i];
      if (slot == 0) return kNoState;
      if ((slot & ~kIdMask) == tag(h) && m_states[(slot & kIdMask) - 1] == packed)
        return static_cast<StateId>((slot & kIdMask) - 1);
    }
  }

  std::size_t bytes() const {
    std::size_t n = 0;
    for (const auto& s : m_shards) n += s.size() * sizeof(std::uint32_t);
    return n;
  }

 private:
  static constexpr std::size_t kShards = 256;
  static constexpr std::uint32_t kIdMask = (std::uint32_t{1} << 28) - 1;  // ids < kMaxStates
  static std::uint64_t hash(std::uint64_t packed) { return mix64(packed ^ 0x9e3779b97f4a7c15ULL); }
  static std::uint32_t tag(std::uint64_t h) { return static_cast<std::uint32_t>((h >> 40) & 0xF) << 28; }

  const PackedStateArray& m_states;
  std::array<std::vector<std::uint32_t>, kShards> m_shards;
};

}  // namespace finwait::checker
