// Model runs as pcap files: sequence numbers, flags, headers, checksums and the file format.
#include "output_file.hpp"
#include "pcap_export.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <array>
#include <fstream>
#include <optional>

#include "finwait/conform/tcp_segment.hpp"
#include "finwait/model/input_error.hpp"
#include "trace_json.hpp"

namespace finwait::cli {
namespace {

using Bytes = std::vector<std::uint8_t>;
using namespace finwait::model;
namespace flag = conform::tcp_flag;

// Per endpoint, A then B.
constexpr std::array<std::uint32_t, 2> kIsn = {0x9A3F1C20, 0x41D2E7B0};
constexpr std::array<std::array<std::uint8_t, 4>, 2> kAddress = {{{10, 201, 0, 1}, {10, 201, 0, 2}}};
constexpr std::array<std::uint16_t, 2> kPort = {41000, 5000};
constexpr std::uint64_t kStartMicros = 1'704'067'200'000'000;  // 2024-01-01 00:00:00 UTC
constexpr std::uint64_t kHandshakeMicros = 100;                  // between handshake segments
constexpr std::uint64_t kStepMicros = 100'000;                   // between steps
constexpr std::uint8_t kProtoTcp = 6;

std::size_t at(Party p) { return p == Party::A ? 0 : 1; }

// What one endpoint has sent, in its sequence space: no data, so only SYN and FIN count.
struct SenderSpace {
  std::uint32_t next;                // SND.NXT
  std::optional<std::uint32_t> fin;  // the sequence number of its FIN, once sent
};

// The segment `letter` from `from` (TRACES.md "Letters", read backwards): FIN and FINACK both
// carry FIN and ACK, and only FINACK's ack covers the peer's FIN; ACK covers the peer's FIN; RST
// is <SEQ=SND.NXT><CTL=RST> (RFC 9293 3.10.7.1). A retransmitted FIN keeps its sequence number.
CapturePacket segment_packet(std::array<SenderSpace, 2>& space, Party from, Segment letter) {
  SenderSpace& self = space[at(from)];
  const SenderSpace& peer = space[at(other(from))];
  CapturePacket p;
  p.from = from;
  p.seq = self.next;
  // The model sends FINACK and ACK only after the peer's FIN reached it, so the peer sent one.
  const std::uint32_t past_peer_fin = peer.fin ? *peer.fin + 1 : peer.next;
  switch (letter) {
    case Segment::Rst: p.flags = flag::kRst; return p;
    case Segment::Ack: p.flags = flag::kAck; p.ack = past_peer_fin; return p;
    case Segment::Fin: p.ack = kIsn[at(other(from))] + 1; break;
    case Segment::FinAck: p.ack = past_peer_fin; break;
  }
  p.flags = flag::kFin | flag::kAck;
  if (!self.fin) {
    self.fin = self.next;
    self.next += 1;  // a FIN takes one sequence number
  }
  p.seq = *self.fin;
  return p;
}

std::vector<CapturePacket> handshake() {
  const Party a = Party::A, b = Party::B;
  return {{a, flag::kSyn, kIsn[0], 0, 0, kStartMicros},
          {b, static_cast<std::uint8_t>(flag::kSyn | flag::kAck), kIsn[1], kIsn[0] + 1, 0,
           kStartMicros + kHandshakeMicros},
          {a, flag::kAck, kIsn[0] + 1, kIsn[1] + 1, 0, kStartMicros + 2 * kHandshakeMicros}};
}

// A step's segment comes from its actor, or for a delivery from the receiver (its reply).
Party sender_of(const Step& step) { return step.is_network() ? other(step.actor) : step.actor; }

// ---- Bytes ---------------------------------------------------------------------------------

void put8(Bytes& b, std::uint8_t v) { b.push_back(v); }
void put16(Bytes& b, std::uint16_t v) {
  b.push_back(static_cast<std::uint8_t>(v >> 8));
  b.push_back(static_cast<std::uint8_t>(v));
}
void put32(Bytes& b, std::uint32_t v) {
  put16(b, static_cast<std::uint16_t>(v >> 16));
  put16(b, static_cast<std::uint16_t>(v));
}
void set16(Bytes& b, std::size_t offset, std::uint16_t v) {
  b[offset] = static_cast<std::uint8_t>(v >> 8);
  b[offset + 1] = static_cast<std::uint8_t>(v);
}
// Little-endian: the pcap file's own fields (readers accept either byte order).
void put16le(Bytes& b, std::uint16_t v) {
  b.push_back(static_cast<std::uint8_t>(v));
  b.push_back(static_cast<std::uint8_t>(v >> 8));
}
void put32le(Bytes& b, std::uint32_t v) {
  put16le(b, static_cast<std::uint16_t>(v));
  put16le(b, static_cast<std::uint16_t>(v >> 16));
}

// RFC 1071: the ones' complement of the ones' complement sum of 16-bit words.
std::uint32_t sum16(const Bytes& b, std::uint32_t acc = 0) {
  for (std::size_t i = 0; i + 1 < b.size(); i += 2) acc += std::uint32_t{b[i]} << 8 | b[i + 1];
  if (b.size() % 2 != 0) acc += std::uint32_t{b.back()} << 8;
  return acc;
}
std::uint16_t checksum(std::uint32_t acc) {
  while (acc >> 16) acc = (acc & 0xFFFF) + (acc >> 16);
  return static_cast<std::uint16_t>(~acc);
}

// The TCP header, MSS option on SYNs, no payload; the checksum covers the pseudo-header.
Bytes tcp_bytes(const CapturePacket& p) {
  const std::size_t from = at(p.from), to = 1 - from;
  const bool syn = (p.flags & flag::kSyn) != 0;
  Bytes t;
  put16(t, kPort[from]);
  put16(t, kPort[to]);
  put32(t, p.seq);
  put32(t, p.ack);
  put8(t, static_cast<std::uint8_t>((syn ? 24 : 20) / 4 << 4));
  put8(t, p.flags);
  put16(t, 65535);  // window
  put16(t, 0);      // checksum, below
  put16(t, 0);      // urgent pointer
  if (syn) t.insert(t.end(), {2, 4, 0x05, 0xB4});  // MSS 1460
  Bytes pseudo(kAddress[from].begin(), kAddress[from].end());
  pseudo.insert(pseudo.end(), kAddress[to].begin(), kAddress[to].end());
  pseudo.insert(pseudo.end(), {0, kProtoTcp});
  put16(pseudo, static_cast<std::uint16_t>(t.size()));
  set16(t, 16, checksum(sum16(t, sum16(pseudo))));
  return t;
}

Bytes ipv4_bytes(const CapturePacket& p, std::uint16_t id, const Bytes& tcp) {
  const std::size_t from = at(p.from), to = 1 - from;
  Bytes ip;
  put8(ip, 0x45);  // version 4, 20-byte header
  put8(ip, 0);
  put16(ip, static_cast<std::uint16_t>(20 + tcp.size()));
  put16(ip, id);
  put16(ip, 0x4000);  // don't fragment
  put8(ip, 64);       // TTL
  put8(ip, kProtoTcp);
  put16(ip, 0);  // checksum, below
  ip.insert(ip.end(), kAddress[from].begin(), kAddress[from].end());
  ip.insert(ip.end(), kAddress[to].begin(), kAddress[to].end());
  set16(ip, 10, checksum(sum16(ip)));
  ip.insert(ip.end(), tcp.begin(), tcp.end());
  return ip;
}

// 02:00 (locally administered) + the IPv4 address, as the test captures do.
void put_mac(Bytes& b, std::size_t host) {
  b.insert(b.end(), {0x02, 0x00});
  b.insert(b.end(), kAddress[host].begin(), kAddress[host].end());
}

Bytes ethernet_frame(const CapturePacket& p, std::uint16_t id) {
  Bytes f;
  put_mac(f, 1 - at(p.from));
  put_mac(f, at(p.from));
  put16(f, 0x0800);  // IPv4
  const Bytes ip = ipv4_bytes(p, id, tcp_bytes(p));
  f.insert(f.end(), ip.begin(), ip.end());
  if (f.size() < 60) f.resize(60, 0);  // the shortest Ethernet frame, without its FCS
  return f;
}

void put_file_header(Bytes& b) {
  put32le(b, 0xA1B2C3D4);  // classic pcap, microseconds
  put16le(b, 2);
  put16le(b, 4);
  put32le(b, 0);       // thiszone
  put32le(b, 0);       // sigfigs
  put32le(b, 262144);  // snap length
  put32le(b, 1);       // LINKTYPE_ETHERNET
}

void put_record(Bytes& b, std::uint64_t micros, const Bytes& frame) {
  put32le(b, static_cast<std::uint32_t>(micros / 1'000'000));
  put32le(b, static_cast<std::uint32_t>(micros % 1'000'000));
  put32le(b, static_cast<std::uint32_t>(frame.size()));
  put32le(b, static_cast<std::uint32_t>(frame.size()));
  b.insert(b.end(), frame.begin(), frame.end());
}

}  // namespace

std::vector<CapturePacket> capture_packets(const Trace& trace) {
  std::vector<CapturePacket> out = handshake();
  std::array<SenderSpace, 2> space = {{{kIsn[0] + 1, std::nullopt}, {kIsn[1] + 1, std::nullopt}}};
  for (std::size_t i = 0; i < trace.steps.size(); ++i) {
    const TraceStep& s = trace.steps[i];
    if (!s.sent) continue;  // a send lost to a full channel was still sent: it is on the wire
    CapturePacket p = segment_packet(space, sender_of(s.step), *s.sent);
    p.step = i + 1;
    p.micros = kStartMicros + p.step * kStepMicros;
    out.push_back(p);
  }
  return out;
}

std::vector<std::uint8_t> capture_file(const Trace& trace) {
  Bytes file;
  put_file_header(file);
  std::array<std::uint16_t, 2> ip_id = {0x1000, 0x2000};  // each host numbers its own packets
  for (const CapturePacket& p : capture_packets(trace))
    put_record(file, p.micros, ethernet_frame(p, ip_id[at(p.from)]++));
  return file;
}

void write_capture(const std::string& path, const Trace& trace) {
  const Bytes bytes = capture_file(trace);
  write_output_file(path, std::string(bytes.begin(), bytes.end()), "--pcap-out");
}

void export_pcap(const std::string& path, const nlohmann::json& trace_file, std::ostream& err) {
  const nlohmann::json& traces = trace_file.at("traces");
  if (traces.empty()) {
    fmt::print(err, "finwait: --pcap-out: the run has no counterexample or witness; {} not written\n", path);
    return;
  }
  const ModelConfig config = config_from_json(trace_file.at("config"), "--pcap-out");
  const nlohmann::json& t = traces.front();
  Trace trace;
  trace.initial = state_from_json(t.at("initial"), config, "--pcap-out");
  for (const nlohmann::json& step : t.at("steps"))
    trace.steps.push_back(step_from_json(step, config, "--pcap-out"));
  write_capture(path, trace);
  if (traces.size() > 1)
    fmt::print(err, "finwait: --pcap-out: {} holds the first of the run's {} traces ({}); name one "
                    "--property or --reach for another\n",
               path, traces.size(), t.value("name", "?"));
}

}  // namespace finwait::cli
