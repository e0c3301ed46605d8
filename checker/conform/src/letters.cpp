// Segment -> letter and the sequence-level checks, exactly as TRACES.md words them.
#include "finwait/conform/letters.hpp"

#include <fmt/format.h>

namespace finwait::conform {

using model::Party;
using model::Segment;

namespace {
bool has(const TcpSegment& s, std::uint8_t flag) { return (s.flags & flag) != 0; }
constexpr std::uint8_t kFlagMask = 0x3f;  // FIN SYN RST PSH ACK URG
}  // namespace

SegmentMeaning LetterMapper::feed(Party from, const TcpSegment& seg) {
  SegmentMeaning out;
  out.seq_violation = seq_violation(from, seg);
  if (auto letter = letter_of(from, seg)) out.letter = Observation{from, *letter};
  record(from, seg);
  return out;
}

std::optional<std::string> LetterMapper::seq_violation(Party from, const TcpSegment& seg) const {
  const SenderProgress& peer = progress(model::other(from));
  if (has(seg, tcp_flag::kAck) && peer.snd_max && seq_after(seg.ack, *peer.snd_max))
    return fmt::format("it acknowledges {} byte(s) of sequence space the peer never sent (ack {} is "
                       "beyond the peer's highest sequence number {})",
                       seg.ack - *peer.snd_max, seq_text(model::other(from), seg.ack),
                       seq_text(model::other(from), *peer.snd_max));
  const SenderProgress& self = progress(from);
  if (has(seg, tcp_flag::kRst) || !self.fin_seq) return std::nullopt;
  const std::uint32_t data_end = seg.seq + seg.payload;
  if (has(seg, tcp_flag::kFin) && data_end != *self.fin_seq)
    return fmt::format("its FIN is at sequence number {}, but its first FIN was at {}",
                       seq_text(from, data_end), seq_text(from, *self.fin_seq));
  if (seg.payload > 0 && seq_after(data_end, *self.fin_seq))
    return fmt::format("it carries data up to sequence number {}, beyond its own FIN at {}",
                       seq_text(from, data_end), seq_text(from, *self.fin_seq));
  return std::nullopt;
}

std::optional<Segment> LetterMapper::letter_of(Party from, const TcpSegment& seg) const {
  const SenderProgress& peer = progress(model::other(from));
  const bool acks_peer_fin = has(seg, tcp_flag::kAck) && peer.fin_seq &&
                             !seq_after(*peer.fin_seq + 1, seg.ack);  // ack >= fin_seq + 1
  if (has(seg, tcp_flag::kRst)) return Segment::Rst;
  if (has(seg, tcp_flag::kFin)) return acks_peer_fin ? Segment::FinAck : Segment::Fin;
  if ((seg.flags & kFlagMask) == tcp_flag::kAck && seg.payload == 0 && acks_peer_fin)
    return Segment::Ack;
  return std::nullopt;
}

std::string LetterMapper::seq_text(Party sender, std::uint32_t seq) const {
  const auto& isn = progress(sender).isn;
  if (!isn) return std::to_string(seq);
  return fmt::format("{} (relative {})", seq, seq - *isn);
}

void LetterMapper::record(Party from, const TcpSegment& seg) {
  if (has(seg, tcp_flag::kRst)) return;
  SenderProgress& self = m_progress[static_cast<int>(from)];
  if (has(seg, tcp_flag::kSyn) && !self.isn) self.isn = seg.seq;
  const std::uint32_t end = seg.seq + seg.payload + (has(seg, tcp_flag::kSyn) ? 1 : 0) +
                            (has(seg, tcp_flag::kFin) ? 1 : 0);
  if (!self.snd_max || seq_after(end, *self.snd_max)) self.snd_max = end;
  if (has(seg, tcp_flag::kFin) && !self.fin_seq) self.fin_seq = seg.seq + seg.payload;
}

}  // namespace finwait::conform
