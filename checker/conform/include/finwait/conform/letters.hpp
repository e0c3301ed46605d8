// TRACES.md "Letters" and "Sequence-level violations": per connection, each segment becomes
// at most one of the model's letters, or is bad by its sequence numbers alone.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "finwait/conform/tcp_segment.hpp"
#include "finwait/model/vocabulary.hpp"

namespace finwait::conform {

// RFC 1982 serial arithmetic on 32-bit sequence numbers.
inline bool seq_after(std::uint32_t a, std::uint32_t b) {
  return static_cast<std::int32_t>(a - b) > 0;
}

// What one endpoint has sent so far, as far as letters need it.
struct SenderProgress {
  std::optional<std::uint32_t> snd_max;  // just past everything sent (RST excluded)
  std::optional<std::uint32_t> fin_seq;  // sequence number of its first FIN
  std::optional<std::uint32_t> isn;      // its SYN's sequence number, for relative numbers
};

// A letter sent by one endpoint of the connection.
struct Observation {
  model::Party from = model::Party::A;
  model::Segment letter = model::Segment::Fin;
  bool operator==(const Observation&) const = default;
};

struct SegmentMeaning {
  std::optional<Observation> letter;        // nothing for SYN, data, ACKs not covering a FIN
  std::optional<std::string> seq_violation; // set: the packet is bad by itself
};

// The two endpoints' progress within one connection (one incarnation).
class LetterMapper {
 public:
  // Classifies a segment sent by `from`, then records what it sent. The sequence checks see
  // the state before the segment, as TRACES.md requires.
  SegmentMeaning feed(model::Party from, const TcpSegment& seg);
  const SenderProgress& progress(model::Party p) const { return m_progress[static_cast<int>(p)]; }

 private:
  std::optional<std::string> seq_violation(model::Party from, const TcpSegment& seg) const;
  std::optional<model::Segment> letter_of(model::Party from, const TcpSegment& seg) const;
  void record(model::Party from, const TcpSegment& seg);
  // "1592807049 (relative 13)" as Wireshark users read it, when the SYN was seen.
  std::string seq_text(model::Party sender, std::uint32_t seq) const;

  SenderProgress m_progress[2];
};

}  // namespace finwait::conform
