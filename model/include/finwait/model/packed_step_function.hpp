// The step function on one-word packed states: SystemSemantics compiled into flat arrays.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "finwait/model/state_layout.hpp"
#include "finwait/model/successors.hpp"

namespace finwait::model {

// A successor as the packed step function yields it: the step, the packed next state, and the
// facts observers read. `sent` is a Segment or -1.
struct PackedTransition {
  Step step;
  std::uint64_t next = 0;
  std::int8_t sent = -1;
  bool unexpected = false;
  bool lost_to_full_channel = false;

  // The same successor as SystemSemantics describes it.
  Transition expand(const StateLayout& layout) const;
};

// Why: decoding a state, copying an 80-byte SystemState per successor and re-packing it cost
// most of an exploration's time. This class asks SystemSemantics (so the reflected table) every
// question once, at construction, for every endpoint-local state and every channel content, and
// keeps the answers in arrays indexed by the packed fields; a successor is then a few lookups
// and shifts. It yields exactly SystemSemantics's successors, in its order (a test compares
// the two on whole state spaces).
//
// Only for layouts of at most 64 bits whose channel field has at most kMaxChannelBits bits
// (every tabulated channel content costs a few bytes); `fits` says whether a layout qualifies.
class PackedStepFunction {
 public:
  static constexpr unsigned kMaxChannelBits = 20;
  static bool fits(const StateLayout& layout);

  PackedStepFunction(const SystemSemantics& sys, const StateLayout& layout);

  template <class Visitor>  // visit(const PackedTransition&)
  void for_each_successor(std::uint64_t state, Visitor&& visit) const;

 private:
  static constexpr std::uint32_t kFull = UINT32_MAX;

  struct LocalMove {  // an application or timer step of one endpoint
    Step step;
    std::uint16_t next;
    std::int8_t sent;
  };
  struct NetworkMove {  // a network step on one channel content
    Step step;  // its actor (the sender) is set when the move is used
    std::uint32_t channel_after;  // the channel once the segment is taken (or copied)
    bool delivers;
  };
  struct Reception {  // the receiver's answer to one delivered letter
    OutcomeKind kind;
    std::uint16_t next;
    std::int8_t sent;
  };
  struct Range {
    std::uint32_t first = 0, count = 0;
  };

  void tabulate_locals(const SystemSemantics& sys);
  void tabulate_channels(const SystemSemantics& sys, const StateLayout& layout);

  std::uint64_t compose(std::uint32_t local_a, std::uint32_t local_b, std::uint32_t channel_a,
                        std::uint32_t channel_b) const {
    return local_a | (std::uint64_t{local_b} << m_local_bits) |
           (std::uint64_t{channel_a} << m_channel_shift) |
           (std::uint64_t{channel_b} << (m_channel_shift + m_channel_bits));
  }
  const Range& local_range(Party p, std::uint32_t local, bool empty) const {
    return m_local_ranges[(static_cast<std::size_t>(p) * m_local_count + local) * 2 + empty];
  }
  const Reception& reception(Party receiver, std::uint32_t local, Segment letter,
                             bool delaying) const {
    return m_receptions[((static_cast<std::size_t>(receiver) * m_local_count + local) *
                             kSegmentCount + static_cast<std::size_t>(letter)) * 2 + delaying];
  }
  // An endpoint sends `sent` (a Segment, or -1 for nothing) into its channel, whose content
  // is `channel`; a full channel loses the segment (MODEL.md), which `t` records.
  void send(std::int8_t sent, std::uint32_t& channel, PackedTransition& t) const {
    t.sent = sent;
    if (sent < 0) return;
    const std::uint32_t pushed = m_push[channel * kSegmentCount + static_cast<unsigned>(sent)];
    t.lost_to_full_channel = pushed == kFull;
    if (pushed != kFull) channel = pushed;
  }
  template <class Visitor>
  void local_steps(Party x, const std::uint32_t (&local)[2], const std::uint32_t (&channel)[2],
                   bool empty, Visitor& visit) const;
  template <class Visitor>
  void network_steps(Party sender, const std::uint32_t (&local)[2],
                     const std::uint32_t (&channel)[2], Visitor& visit) const;
  template <class Visitor>
  void deliver(Party sender, const NetworkMove& move, const std::uint32_t (&local)[2],
               const std::uint32_t (&channel)[2], bool delaying, Visitor& visit) const;

  unsigned m_local_bits, m_channel_bits, m_channel_shift;
  std::uint32_t m_local_count;
  std::uint32_t m_empty_channel;
  bool m_delayed_ack;
  std::vector<LocalMove> m_local_moves;
  std::vector<Range> m_local_ranges;  // (party, local, channels empty)
  std::vector<Reception> m_receptions;  // (receiver, local, letter, delaying ACK)
  std::vector<NetworkMove> m_network_moves;
  std::vector<Range> m_network_ranges;  // by channel content
  std::vector<std::uint32_t> m_push;    // (channel content, letter) -> content, or kFull
};

// ---- implementation (in the header so that engines inline the hot loop) ----------------

template <class Visitor>
void PackedStepFunction::for_each_successor(std::uint64_t state, Visitor&& visit) const {
  const std::uint64_t local_mask = (std::uint64_t{1} << m_local_bits) - 1;
  const std::uint64_t channel_mask = (std::uint64_t{1} << m_channel_bits) - 1;
  const std::uint32_t local[2] = {static_cast<std::uint32_t>(state & local_mask),
                                  static_cast<std::uint32_t>((state >> m_local_bits) & local_mask)};
  const std::uint32_t channel[2] = {
      static_cast<std::uint32_t>((state >> m_channel_shift) & channel_mask),
      static_cast<std::uint32_t>((state >> (m_channel_shift + m_channel_bits)) & channel_mask)};
  const bool empty = channel[0] == m_empty_channel && channel[1] == m_empty_channel;
  local_steps(Party::A, local, channel, empty, visit);
  local_steps(Party::B, local, channel, empty, visit);
  network_steps(Party::A, local, channel, visit);
  network_steps(Party::B, local, channel, visit);
}

template <class Visitor>
void PackedStepFunction::local_steps(Party x, const std::uint32_t (&local)[2],
                                     const std::uint32_t (&channel)[2], bool empty,
                                     Visitor& visit) const {
  const int i = static_cast<int>(x);
  const Range r = local_range(x, local[i], empty);
  for (std::uint32_t k = r.first; k < r.first + r.count; ++k) {
    const LocalMove& m = m_local_moves[k];
    std::uint32_t l[2] = {local[0], local[1]};
    std::uint32_t c[2] = {channel[0], channel[1]};
    l[i] = m.next;
    PackedTransition t;
    t.step = m.step;
    send(m.sent, c[i], t);
    t.next = compose(l[0], l[1], c[0], c[1]);
    visit(static_cast<const PackedTransition&>(t));
  }
}

template <class Visitor>
void PackedStepFunction::network_steps(Party sender, const std::uint32_t (&local)[2],
                                       const std::uint32_t (&channel)[2], Visitor& visit) const {
  const int i = static_cast<int>(sender);
  const Range r = m_network_ranges[channel[i]];
  for (std::uint32_t k = r.first; k < r.first + r.count; ++k) {
    const NetworkMove& m = m_network_moves[k];
    if (m.delivers) {
      deliver(sender, m, local, channel, false, visit);
      if (m.step.letter == Segment::Fin && m_delayed_ack) deliver(sender, m, local, channel, true, visit);
      continue;
    }
    std::uint32_t c[2] = {channel[0], channel[1]};
    c[i] = m.channel_after;
    PackedTransition t;
    t.step = m.step;
    t.step.actor = sender;
    t.next = compose(local[0], local[1], c[0], c[1]);
    visit(static_cast<const PackedTransition&>(t));
  }
}

template <class Visitor>
void PackedStepFunction::deliver(Party sender, const NetworkMove& move,
                                 const std::uint32_t (&local)[2],
                                 const std::uint32_t (&channel)[2], bool delaying,
                                 Visitor& visit) const {
  const Party receiver = other(sender);
  const int s = static_cast<int>(sender), r = static_cast<int>(receiver);
  const Reception& answer = reception(receiver, local[r], move.step.letter, delaying);
  if (answer.kind == OutcomeKind::Disabled) return;  // an alternative reception without a row
  std::uint32_t l[2] = {local[0], local[1]};
  std::uint32_t c[2] = {channel[0], channel[1]};
  c[s] = move.channel_after;
  PackedTransition t;
  t.step = move.step;
  t.step.actor = sender;
  t.step.ack_delayed = delaying;
  if (answer.kind == OutcomeKind::Unexpected) {
    t.unexpected = true;
  } else {
    l[r] = answer.next;
    send(answer.sent, c[r], t);
  }
  t.next = compose(l[0], l[1], c[0], c[1]);
  visit(static_cast<const PackedTransition&>(t));
}

}  // namespace finwait::model
