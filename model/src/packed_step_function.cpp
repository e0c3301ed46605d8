// Tabulates SystemSemantics into PackedStepFunction's arrays: every answer comes from the
// reflected table (through EndpointSemantics) and the network rules, asked once.
#include "finwait/model/packed_step_function.hpp"

#include <cassert>

#include "finwait/model/network_rules.hpp"

namespace finwait::model {
namespace {

// The channel field of a packed state whose channel A->B is `ch` (B->A empty, locals index 0).
std::uint64_t channel_field(const StateLayout& layout, const Channel& ch) {
  SystemState s;
  s.channel[0] = ch;
  const std::uint64_t mask = (std::uint64_t{1} << layout.channel_bits()) - 1;
  return (layout.pack<1>(s)[0] >> (2 * layout.local_bits())) & mask;
}

// The channel a field value stands for, if it is a canonical content within capacity.
std::optional<Channel> channel_of(const StateLayout& layout, const ChannelShape& shape,
                                  std::uint64_t field) {
  const SystemState s = layout.unpack<1>({field << (2 * layout.local_bits())});
  if (s.channel[0].size > shape.capacity) return std::nullopt;
  if (channel_field(layout, s.channel[0]) != field) return std::nullopt;
  return s.channel[0];
}

}  // namespace

Transition PackedTransition::expand(const StateLayout& layout) const {
  Transition t;
  t.step = step;
  t.next = layout.unpack<1>({next});
  if (sent >= 0) t.sent = static_cast<Segment>(sent);
  t.unexpected = unexpected;
  t.lost_to_full_channel = lost_to_full_channel;
  return t;
}

bool PackedStepFunction::fits(const StateLayout& layout) {
  return layout.bits() <= 64 && layout.channel_bits() <= kMaxChannelBits;
}

PackedStepFunction::PackedStepFunction(const SystemSemantics& sys, const StateLayout& layout)
    : m_local_bits(layout.local_bits()), m_channel_bits(layout.channel_bits()),
      m_channel_shift(2 * layout.local_bits()),
      m_local_count(static_cast<std::uint32_t>(sys.endpoints().locals().size())),
      m_empty_channel(static_cast<std::uint32_t>(channel_field(layout, Channel{}))),
      m_delayed_ack(sys.config().delayed_ack) {
  assert(fits(layout));
  tabulate_locals(sys);
  tabulate_channels(sys, layout);
}

void PackedStepFunction::tabulate_locals(const SystemSemantics& sys) {
  const EndpointSemantics& ep = sys.endpoints();
  for (Party p : {Party::A, Party::B})
    for (std::uint32_t local = 0; local < m_local_count; ++local) {
      for (bool empty : {false, true}) {
        Range r{static_cast<std::uint32_t>(m_local_moves.size()), 0};
        for (int e = 0; e < kLocalEventCount; ++e) {
          const auto& entry = ep.lookup(p, local, static_cast<Event>(e), empty);
          if (entry.kind != OutcomeKind::Fired) continue;
          m_local_moves.push_back({Step{static_cast<StepKind>(e), p}, entry.next, entry.sent});
          ++r.count;
        }
        m_local_ranges.push_back(r);
      }
      for (int l = 0; l < kSegmentCount; ++l)
        for (bool delaying : {false, true}) {
          const Event event = delaying ? Event::RecvFinDelayingAck : reception_of(static_cast<Segment>(l));
          // A delivery needs a segment in flight, so the channels are never empty.
          const auto& entry = ep.lookup(p, local, event, false);
          m_receptions.push_back({entry.kind, entry.next, entry.sent});
        }
    }
}

void PackedStepFunction::tabulate_channels(const SystemSemantics& sys, const StateLayout& layout) {
  const ChannelShape& shape = sys.shape();
  const std::vector<NetworkRule> rules = network_rules(sys.config());
  const std::size_t contents = std::size_t{1} << m_channel_bits;
  m_network_ranges.assign(contents, Range{});
  m_push.assign(contents * kSegmentCount, kFull);
  auto field = [&layout](const Channel& c) { return static_cast<std::uint32_t>(channel_field(layout, c)); };
  for (std::uint64_t value = 0; value < contents; ++value) {
    const std::optional<Channel> ch = channel_of(layout, shape, value);
    if (!ch) continue;
    for (int l = 0; l < kSegmentCount; ++l) {
      Channel pushed = *ch;
      if (push(pushed, static_cast<Segment>(l), shape)) m_push[value * kSegmentCount + l] = field(pushed);
    }
    Range& r = m_network_ranges[value];
    r.first = static_cast<std::uint32_t>(m_network_moves.size());
    if (ch->empty()) continue;
    for (const NetworkRule& rule : rules)
      for_each_pick(*ch, rule.pick, shape.kind, [&](Segment letter, unsigned pos) {
        if (rule.copies && ch->size >= shape.capacity) return;
        Channel after = *ch;
        if (rule.takes) take(after, letter, pos, shape);
        if (rule.copies) push(after, letter, shape);
        const Step step{rule.kind, Party::A, letter, static_cast<std::uint8_t>(pos)};
        m_network_moves.push_back({step, field(after), rule.delivers});
        ++r.count;
      });
  }
}

}  // namespace finwait::model
