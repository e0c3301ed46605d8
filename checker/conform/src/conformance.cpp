// Connections, incarnations and the per-packet loop of `finwait conform`.
#include "finwait/conform/conformance.hpp"

#include "connection_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <unordered_map>

namespace finwait::conform {

using model::Party;
using model::Segment;

namespace {

bool is_syn_only(const TcpSegment& s) {
  return (s.flags & tcp_flag::kSyn) && !(s.flags & tcp_flag::kAck);
}

std::uint8_t pack(const Observation& o) {
  return static_cast<std::uint8_t>((static_cast<int>(o.from) << 2) | static_cast<int>(o.letter));
}
Observation unpack(std::uint8_t b) {
  return Observation{static_cast<Party>(b >> 2), static_cast<Segment>(b & 3)};
}


constexpr std::uint64_t kProgressEvery = 1u << 18;

using Connections = std::vector<Connection, HugePageAllocator<Connection>>;

// The connection `seg` belongs to: its 4-tuple's latest incarnation, or a new one (the
// tuple's first packet, or a SYN with another sequence number after a handshake).
std::size_t connection_of(const TcpSegment& seg, detail::ConnectionTable& current, Connections& conns,
                          SetId initial) {
  const std::uint64_t hash = detail::tuple_hash(seg.src, seg.dst);
  auto same = [&](std::uint32_t i) {
    const Connection& c = conns[i];
    return (detail::same_address(c.a, seg.src) && detail::same_address(c.b, seg.dst)) ||
           (detail::same_address(c.a, seg.dst) && detail::same_address(c.b, seg.src));
  };
  const std::int64_t found = current.find(hash, same);
  bool start_new = found < 0;
  if (!start_new && is_syn_only(seg)) {
    const Connection& c = conns[static_cast<std::size_t>(found)];
    start_new = c.handshake_seen && seg.seq != c.first_syn_seq;  // a new incarnation
  }
  if (!start_new) return static_cast<std::size_t>(found);
  Connection c;
  c.a = seg.src;
  c.b = seg.dst;
  c.first_packet = seg.packet;
  c.set = initial;
  if (found >= 0) c.incarnation = conns[static_cast<std::size_t>(found)].incarnation + 1;
  conns.push_back(std::move(c));
  auto hash_of = [&conns](std::uint32_t i) { return detail::tuple_hash(conns[i].a, conns[i].b); };
  current.assign(hash, same, static_cast<std::uint32_t>(conns.size() - 1), hash_of);
  return conns.size() - 1;
}

// Counts the packet and notes the handshake. TRACES.md: A is the sender of the first
// SYN-without-ACK. Roles are fixed at the connection's first packet, so a SYN arriving later
// in a connection first seen mid-stream keeps them (see docs/conform.md).
void note_packet(Connection& c, const TcpSegment& seg) {
  if (is_syn_only(seg) && !c.handshake_seen) {
    c.handshake_seen = true;
    c.first_syn_seq = seg.seq;
    if (c.packets == 0) {
      c.a = seg.src;
      c.b = seg.dst;
    }
  }
  ++c.packets;
  c.last_packet = seg.packet;
}

// Keeps the letters of the connections opened by the witness client (options.witness_client), in capture order.
void record_witness(FileReport& report, std::unordered_map<std::size_t, std::size_t>& slot_of,
                    std::size_t index, ObservedLetter letter) {
  auto [slot, fresh] = slot_of.try_emplace(index, report.witness_letters.size());
  if (fresh) report.witness_letters.push_back({index, {}});
  report.witness_letters[slot->second].second.push_back(letter);
}

void tally_bad(FileReport& report, const BadPacket& bad) {
  ++report.nonconforming;
  if (!report.first_bad_packet || bad.packet < *report.first_bad_packet)
    report.first_bad_packet = bad.packet;
}

}  // namespace

std::vector<Observation> Connection::kept_letters() const {
  std::vector<Observation> out;
  for (std::size_t i = 0; i < std::min<std::size_t>(letter_count, kKeptLetters); ++i)
    out.push_back(unpack(kept[i]));
  return out;
}

ConformanceChecker::ConformanceChecker(const model::ModelConfig& config)
    : m_config(config), m_sys(config), m_sets(m_sys) {}

FileReport ConformanceChecker::check_file(const std::string& path, const ConformOptions& options) {
  CaptureReader reader(path, options.filter);
  FileReport report;
  report.path = path;
  detail::ConnectionTable current;  // 4-tuple -> its latest incarnation
  std::unordered_map<std::size_t, std::size_t> witness_slot;  // connection -> index
  auto& conns = report.connections;
  // Growing the vector would move every record and fault in fresh pages again and again; a
  // connection takes at least two records of ~60 bytes, so this bounds the count. Only the
  // pages used become resident.
  conns.reserve(std::min<std::uint64_t>(reader.file_size() / 128 + 16, std::uint64_t{1} << 26));
  TcpSegment seg;
  std::uint64_t next_progress = kProgressEvery;
  while (reader.next(seg)) {
    ++report.tcp_segments;
    if (options.on_progress && reader.packets() >= next_progress) {
      next_progress += kProgressEvery;
      options.on_progress(Progress{path, reader.packets(), reader.bytes_read(), reader.file_size(),
                                   conns.size()});
    }
    const std::size_t index = connection_of(seg, current, conns, m_sets.initial());
    Connection& c = conns[index];
    note_packet(c, seg);
    if (c.bad) continue;  // its verdict is settled
    const Party from = seg.src == c.a ? Party::A : Party::B;
    const SegmentMeaning meaning = c.mapper.feed(from, seg);
    if (meaning.seq_violation) {
      c.bad = std::make_unique<BadPacket>(BadPacket{seg.packet, from, std::nullopt, c.set, *meaning.seq_violation});
    } else if (meaning.letter) {
      if (c.letter_count < Connection::kKeptLetters) c.kept[c.letter_count] = pack(*meaning.letter);
      ++c.letter_count;
      if (options.witness_client && c.a == *options.witness_client)
        record_witness(report, witness_slot, index, {*meaning.letter, seg.packet});
      const SetId next = m_sets.after(c.set, *meaning.letter);
      if (next == kEmptySet)
        c.bad = std::make_unique<BadPacket>(BadPacket{seg.packet, from, meaning.letter, c.set, ""});
      else
        c.set = next;
    }
    if (c.bad) tally_bad(report, *c.bad);
  }
  report.packets = reader.packets();
  report.skipped = reader.skipped();
  return report;
}

}  // namespace finwait::conform
