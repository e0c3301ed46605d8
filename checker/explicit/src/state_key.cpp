// StateKey: ranking the bags a channel of capacity K can hold.
#include "finwait/checker/state_key.hpp"

#include <bit>

namespace finwait::checker {

StateKey::StateKey(const model::StateLayout& layout) : m_bits(layout.bits()) {
  constexpr unsigned kMaxTableBits = 20;
  if (layout.channel_kind() != model::ChannelKind::Bag || layout.channel_bits() > kMaxTableBits) return;
  const unsigned count_bits = layout.count_bits();
  const std::uint64_t count_mask = (std::uint64_t{1} << count_bits) - 1;
  m_locals_bits = 2 * layout.local_bits();
  m_channel_bits = layout.channel_bits();
  m_locals_mask = (std::uint64_t{1} << m_locals_bits) - 1;
  m_channel_mask = (std::uint64_t{1} << m_channel_bits) - 1;
  // Ranks in the order of the packed value; a value holding more than K segments is no bag
  // the search can meet, and gets rank 0 (it is never looked up).
  m_rank.assign(std::size_t{1} << m_channel_bits, 0);
  std::uint32_t bags = 0;
  for (std::uint64_t value = 0; value <= m_channel_mask; ++value) {
    std::uint64_t segments = 0;
    for (unsigned letter = 0; letter < model::kSegmentCount; ++letter)
      segments += (value >> (letter * count_bits)) & count_mask;
    if (segments <= layout.capacity()) m_rank[value] = bags++;
  }
  m_rank_bits = static_cast<unsigned>(std::bit_width(bags - 1));
  m_bits = m_locals_bits + 2 * m_rank_bits;
}

}  // namespace finwait::checker
