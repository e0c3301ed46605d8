// One direction of the network: a bounded fifo or bag of segments (MODEL.md "Channels").
#pragma once

#include <array>
#include <cstdint>

#include "finwait/model/config.hpp"
#include "finwait/model/vocabulary.hpp"

namespace finwait::model {

// Capacities above this are refused by the explicit engine (packing) and by this value type.
inline constexpr unsigned kMaxChannelCapacity = 30;

// Invariant: fifo channels keep their contents in seq[0..size) (head first) with every other
// slot zero and count all zero; bag channels keep count[letter] with seq all zero. Either way
// size is the number of segments, so two equal contents are equal values.
struct Channel {
  std::uint8_t size = 0;
  std::array<std::uint8_t, kSegmentCount> count{};
  std::array<Segment, kMaxChannelCapacity> seq{};

  bool empty() const { return size == 0; }
  bool operator==(const Channel&) const = default;
};

// The kind and capacity every operation on a channel needs.
struct ChannelShape {
  ChannelKind kind = ChannelKind::Fifo;
  unsigned capacity = 2;
  explicit ChannelShape(const ModelConfig& c) : kind(c.channel), capacity(c.capacity) {}
};

// Appends (fifo) or adds (bag); returns false, leaving the channel unchanged, if it is full.
bool push(Channel& ch, Segment s, const ChannelShape& shape);

// Number of segments equal to `s` (for either kind).
unsigned occurrences(const Channel& ch, Segment s, const ChannelShape& shape);

// Removes the segment at fifo position `pos` (0 = head), or one `s` from a bag.
void remove_at(Channel& ch, unsigned pos, const ChannelShape& shape);
void remove_letter(Channel& ch, Segment s, const ChannelShape& shape);
// Removes the segment `s` found at fifo position `pos`, or one `s` from a bag.
void take(Channel& ch, Segment s, unsigned pos, const ChannelShape& shape);

}  // namespace finwait::model
