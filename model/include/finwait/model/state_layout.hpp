// Packs a SystemState into a small fixed-size bit string (and back) for one configuration.
#pragma once

#include <array>
#include <cstdint>

#include "finwait/model/local_state_space.hpp"
#include "finwait/model/system_state.hpp"

namespace finwait::model {

template <std::size_t Words>
using PackedState = std::array<std::uint64_t, Words>;

// Field order, least significant first: A's local index, B's local index, channel A->B,
// channel B->A. A fifo of capacity K takes 2K+1 bits: a sentinel 1 above 2 bits per segment
// (head lowest), so the empty fifo is 1. A bag takes 4 counts of ceil(log2(K+1)) bits.
class StateLayout {
 public:
  StateLayout(const ModelConfig& config, const LocalStateSpace& locals);

  unsigned bits() const { return m_local_bits * 2 + m_channel_bits * 2; }
  unsigned words() const { return (bits() + 63) / 64; }
  unsigned local_bits() const { return m_local_bits; }
  unsigned channel_bits() const { return m_channel_bits; }
  ChannelKind channel_kind() const { return m_kind; }
  unsigned capacity() const { return m_capacity; }
  unsigned count_bits() const { return m_count_bits; }  // a bag's counts, each this wide

  template <std::size_t W>
  PackedState<W> pack(const SystemState& s) const;
  template <std::size_t W>
  SystemState unpack(const PackedState<W>& p) const;

 private:
  template <std::size_t W>
  struct BitWriter;
  template <std::size_t W>
  struct BitReader;

  const LocalStateSpace* m_locals;
  ChannelKind m_kind;
  unsigned m_capacity;
  unsigned m_local_bits;
  unsigned m_count_bits;  // bag only
  unsigned m_channel_bits;
};

template <std::size_t W>
struct StateLayout::BitWriter {
  PackedState<W> out{};
  unsigned pos = 0;
  void put(std::uint64_t value, unsigned width) {
    if (width == 0) return;
    const unsigned word = pos / 64, shift = pos % 64;
    out[word] |= value << shift;
    if constexpr (W > 1) {  // a field never straddles words when there is only one
      if (shift + width > 64) out[word + 1] |= value >> (64 - shift);
    }
    pos += width;
  }
};

template <std::size_t W>
struct StateLayout::BitReader {
  const PackedState<W>& in;
  unsigned pos = 0;
  std::uint64_t get(unsigned width) {
    if (width == 0) return 0;
    const unsigned word = pos / 64, shift = pos % 64;
    std::uint64_t v = in[word] >> shift;
    if constexpr (W > 1) {
      if (shift + width > 64) v |= in[word + 1] << (64 - shift);
    }
    pos += width;
    return width == 64 ? v : v & ((std::uint64_t{1} << width) - 1);
  }
};

template <std::size_t W>
PackedState<W> StateLayout::pack(const SystemState& s) const {
  BitWriter<W> w;
  for (const EndpointLocal& e : s.endpoint) w.put(m_locals->index_of(e), m_local_bits);
  for (const Channel& ch : s.channel) {
    if (m_kind == ChannelKind::Fifo) {
      std::uint64_t v = 1;
      for (unsigned i = ch.size; i-- > 0;) v = (v << 2) | static_cast<std::uint64_t>(ch.seq[i]);
      w.put(v, m_channel_bits);
    } else {
      for (int l = 0; l < kSegmentCount; ++l) w.put(ch.count[l], m_count_bits);
    }
  }
  return w.out;
}

template <std::size_t W>
SystemState StateLayout::unpack(const PackedState<W>& p) const {
  BitReader<W> r{p};
  SystemState s;
  for (EndpointLocal& e : s.endpoint) e = m_locals->at(static_cast<std::uint32_t>(r.get(m_local_bits)));
  for (Channel& ch : s.channel) {
    if (m_kind == ChannelKind::Fifo) {
      std::uint64_t v = r.get(m_channel_bits);
      unsigned n = 0;
      while (v > 1) {
        ch.seq[n++] = static_cast<Segment>(v & 3);
        v >>= 2;
      }
      ch.size = static_cast<std::uint8_t>(n);
    } else {
      unsigned n = 0;
      for (int l = 0; l < kSegmentCount; ++l) {
        ch.count[l] = static_cast<std::uint8_t>(r.get(m_count_bits));
        n += ch.count[l];
      }
      ch.size = static_cast<std::uint8_t>(n);
    }
  }
  return s;
}

}  // namespace finwait::model
