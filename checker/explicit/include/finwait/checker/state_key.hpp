// The key a packed state is filed under in the visited set: the same state in fewer bits.
#pragma once

#include <cstdint>
#include <vector>

#include "finwait/model/state_layout.hpp"

namespace finwait::checker {

// A bag channel of capacity K is packed as 4 counts of ceil(log2(K+1)) bits, but holds one
// of only C(K+4, 4) bags (at most K segments in all): 495 for K = 8, which is 9 bits, not 16.
// StateKey replaces each bag by its rank among those bags, so the key of bag capacity 8 with
// dup and abort is 28 bits instead of 42. Fewer key bits leave CompactStateSet shorter
// remainders, and so narrower slots: the set is where --compress spends its memory.
//
// It is one-to-one on the states a search meets (every bag holds at most K segments), so the
// set stays exact. Fifos are already packed near their minimum (2K+1 bits for
// (4^(K+1) - 1) / 3 contents) and keep their packing, as does a bag whose table would pass
// 2^20 entries (capacity 31 and above).
class StateKey {
 public:
  // The packed state itself, `bits` wide.
  static StateKey identity(unsigned bits) { return StateKey(bits); }
  explicit StateKey(const model::StateLayout& layout);

  unsigned bits() const { return m_bits; }

  [[gnu::always_inline]] std::uint64_t operator()(std::uint64_t packed) const {
    if (m_rank.empty()) return packed;
    const std::uint64_t first = (packed >> m_locals_bits) & m_channel_mask;
    const std::uint64_t second = (packed >> (m_locals_bits + m_channel_bits)) & m_channel_mask;
    return (packed & m_locals_mask) | (std::uint64_t{m_rank[first]} << m_locals_bits) |
           (std::uint64_t{m_rank[second]} << (m_locals_bits + m_rank_bits));
  }

 private:
  explicit StateKey(unsigned bits) : m_bits(bits) {}

  unsigned m_bits;
  unsigned m_locals_bits = 0, m_channel_bits = 0, m_rank_bits = 0;
  std::uint64_t m_locals_mask = 0, m_channel_mask = 0;
  std::vector<std::uint32_t> m_rank;  // a bag's packed counts -> its rank; empty: identity
};

}  // namespace finwait::checker
