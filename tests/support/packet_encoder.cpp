// Test-side frames: link, IP and TCP/UDP/ARP headers in network byte order, valid checksums.
#include "pcap_writer.hpp"

#include <algorithm>
#include <fstream>
#include <stdexcept>

namespace finwait::testing {
namespace {

using Bytes = std::vector<std::uint8_t>;
using conform::IpAddress;
using conform::TcpSegment;

constexpr std::uint16_t kEtherIpv4 = 0x0800;
constexpr std::uint16_t kEtherIpv6 = 0x86DD;
constexpr std::uint16_t kEtherArp = 0x0806;
constexpr std::uint8_t kProtoTcp = 6;
constexpr std::uint8_t kProtoUdp = 17;

// ---- Network byte order (frames) -----------------------------------------------------------

void put8(Bytes& b, std::uint8_t v) { b.push_back(v); }
void put16(Bytes& b, std::uint16_t v) {
  b.push_back(static_cast<std::uint8_t>(v >> 8));
  b.push_back(static_cast<std::uint8_t>(v));
}
void put32(Bytes& b, std::uint32_t v) {
  put16(b, static_cast<std::uint16_t>(v >> 16));
  put16(b, static_cast<std::uint16_t>(v));
}
// A 32-bit value in the capture file's byte order (BSD NULL's address family).
void put32_in_order(Bytes& b, std::uint32_t v, bool big_endian) {
  if (big_endian) {
    put32(b, v);
  } else {
    for (int i = 0; i < 4; ++i) b.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
  }
}
void put_bytes(Bytes& b, const std::uint8_t* p, std::size_t n) { b.insert(b.end(), p, p + n); }
void append(Bytes& b, const Bytes& more) { b.insert(b.end(), more.begin(), more.end()); }
void set16(Bytes& b, std::size_t at, std::uint16_t v) {
  b[at] = static_cast<std::uint8_t>(v >> 8);
  b[at + 1] = static_cast<std::uint8_t>(v);
}

// ---- Checksums (RFC 1071) ------------------------------------------------------------------

std::uint32_t sum16(const std::uint8_t* p, std::size_t n, std::uint32_t acc = 0) {
  for (std::size_t i = 0; i + 1 < n; i += 2) acc += std::uint32_t{p[i]} << 8 | p[i + 1];
  if (n % 2 != 0) acc += std::uint32_t{p[n - 1]} << 8;
  return acc;
}

std::uint16_t fold(std::uint32_t acc) {
  while (acc >> 16) acc = (acc & 0xFFFF) + (acc >> 16);
  return static_cast<std::uint16_t>(~acc);
}

// ---- Addresses -----------------------------------------------------------------------------

std::size_t address_size(const IpAddress& a) { return a.v6 ? 16 : 4; }

// 02:00 (locally administered) + the low four bytes of the IP address.
Bytes mac_for(const IpAddress& a) {
  const std::size_t low = a.v6 ? 12 : 0;
  return {0x02, 0x00, a.bytes[low], a.bytes[low + 1], a.bytes[low + 2], a.bytes[low + 3]};
}

// ---- Transport headers ---------------------------------------------------------------------

// A TCP header with options (MSS on SYN, timestamps otherwise) and zero payload; the
// checksum is filled in by ip_packet.
Bytes tcp_segment_bytes(const TcpSegment& s) {
  Bytes options;
  if (s.flags & conform::tcp_flag::kSyn) {
    options = {2, 4, 0x05, 0xB4};  // MSS 1460
  } else {
    options = {1, 1, 8, 10};  // NOP NOP timestamps
    put32(options, s.seq ^ 0x5A5A5A5Au);
    put32(options, s.ack);
  }
  Bytes t;
  put16(t, s.src.port);
  put16(t, s.dst.port);
  put32(t, s.seq);
  put32(t, s.ack);
  put8(t, static_cast<std::uint8_t>((20 + options.size()) / 4 << 4));
  put8(t, s.flags);
  put16(t, 65535);  // window
  put16(t, 0);      // checksum
  put16(t, 0);      // urgent pointer
  append(t, options);
  t.resize(t.size() + s.payload, 0);
  return t;
}

Bytes udp_datagram_bytes(const TcpSegment& like) {
  Bytes u;
  put16(u, like.src.port);
  put16(u, 9);  // discard
  put16(u, 8 + 4);
  put16(u, 0);  // checksum, filled in by ip_packet
  put32(u, 0);
  return u;
}

// ---- IP packets ----------------------------------------------------------------------------

void require(bool condition, const char* what) {
  if (!condition) throw std::invalid_argument(what);
}

// The TCP or UDP checksum covers a pseudo-header of addresses, protocol and length.
void fill_transport_checksum(Bytes& t, std::uint8_t protocol, const IpAddress& src,
                             const IpAddress& dst) {
  const std::size_t a = address_size(src);
  std::uint32_t acc = sum16(src.bytes.data(), a, sum16(dst.bytes.data(), a));
  acc += protocol;
  acc += static_cast<std::uint32_t>(t.size() >> 16) + static_cast<std::uint32_t>(t.size() & 0xFFFF);
  std::uint16_t checksum = fold(sum16(t.data(), t.size(), acc));
  if (protocol == kProtoUdp && checksum == 0) checksum = 0xFFFF;  // 0 means "none" for UDP
  set16(t, protocol == kProtoTcp ? 16 : 6, checksum);
}

Bytes ipv4_packet(const IpAddress& src, const IpAddress& dst, std::uint8_t protocol,
                  std::uint16_t id, bool fragment, const Bytes& transport) {
  require(20 + transport.size() <= 0xFFFF, "IPv4 packet longer than 65535 bytes");
  Bytes p;
  put8(p, 0x45);
  put8(p, 0);
  put16(p, static_cast<std::uint16_t>(20 + transport.size()));
  put16(p, id);
  put16(p, fragment ? 0x2000 : 0x4000);  // MF (the first fragment) or DF
  put8(p, 64);
  put8(p, protocol);
  put16(p, 0);
  put_bytes(p, src.bytes.data(), 4);
  put_bytes(p, dst.bytes.data(), 4);
  set16(p, 10, fold(sum16(p.data(), p.size())));
  append(p, transport);
  return p;
}

// [hop-by-hop, destination options] [fragment] transport.
Bytes ipv6_packet(const IpAddress& src, const IpAddress& dst, std::uint8_t protocol,
                  bool extension_headers, bool fragment, const Bytes& transport) {
  Bytes extensions;
  std::uint8_t first = protocol;
  const auto chain = [&](std::uint8_t type, Bytes header) {
    // Added innermost first: each new header points at the one added before it.
    header[0] = first;
    append(header, extensions);
    extensions = std::move(header);
    first = type;
  };
  if (fragment) chain(44, {0, 0, 0x00, 0x01, 0x00, 0x00, 0x12, 0x34});  // offset 0, M = 1
  if (extension_headers) {
    chain(60, {0, 0, 1, 4, 0, 0, 0, 0});  // destination options: PadN(4)
    chain(0, {0, 0, 1, 4, 0, 0, 0, 0});   // hop-by-hop: PadN(4)
  }
  require(extensions.size() + transport.size() <= 0xFFFF, "IPv6 payload longer than 65535 bytes");
  Bytes p;
  put32(p, 0x60000000);
  put16(p, static_cast<std::uint16_t>(extensions.size() + transport.size()));
  put8(p, first);
  put8(p, 64);
  put_bytes(p, src.bytes.data(), 16);
  put_bytes(p, dst.bytes.data(), 16);
  append(p, extensions);
  append(p, transport);
  return p;
}

// ---- Link-layer headers -------------------------------------------------------------------

bool is_ethernet(LinkLayer l) {
  return l == LinkLayer::Ethernet || l == LinkLayer::EthernetVlan || l == LinkLayer::EthernetQinQ;
}

Bytes ethernet_header(LinkLayer link, const TcpSegment& s, std::uint16_t ethertype) {
  Bytes h = mac_for(s.dst.ip);
  append(h, mac_for(s.src.ip));
  if (link == LinkLayer::EthernetQinQ) {
    put16(h, 0x88A8);
    put16(h, 200);  // service VLAN
  }
  if (link != LinkLayer::Ethernet) {
    put16(h, 0x8100);
    put16(h, 100);  // customer VLAN
  }
  put16(h, ethertype);
  return h;
}

Bytes sll_header(const TcpSegment& s, std::uint16_t ethertype) {
  Bytes h;
  put16(h, 0);  // packet type: to us
  put16(h, 1);  // ARPHRD_ETHER
  put16(h, 6);
  append(h, mac_for(s.src.ip));
  put16(h, 0);  // address padded to 8 bytes
  put16(h, ethertype);
  return h;
}

Bytes sll2_header(const TcpSegment& s, std::uint16_t ethertype) {
  Bytes h;
  put16(h, ethertype);
  put16(h, 0);  // reserved
  put32(h, 2);  // interface index
  put16(h, 1);  // ARPHRD_ETHER
  put8(h, 0);   // packet type: to us
  put8(h, 6);
  append(h, mac_for(s.src.ip));
  put16(h, 0);  // address padded to 8 bytes
  return h;
}

}  // namespace

// ---- Names ---------------------------------------------------------------------------------

std::string to_string(const FileFormat& f) {
  return std::string(f.pcapng ? "pcapng" : "pcap") + (f.nanosecond ? "-nsec" : "-usec") +
         (f.big_endian ? "-be" : "-le");
}

std::vector<FileFormat> all_file_formats() {
  std::vector<FileFormat> all;
  for (const bool pcapng : {false, true}) {
    for (const bool nanosecond : {false, true}) {
      for (const bool big_endian : {false, true}) all.push_back({pcapng, nanosecond, big_endian});
    }
  }
  return all;
}

std::string to_string(LinkLayer l) {
  switch (l) {
    case LinkLayer::Ethernet: return "ethernet";
    case LinkLayer::EthernetVlan: return "ethernet-802.1q";
    case LinkLayer::EthernetQinQ: return "ethernet-802.1ad";
    case LinkLayer::RawIp: return "raw-ip";
    case LinkLayer::LinuxSll: return "linux-sll";
    case LinkLayer::LinuxSll2: return "linux-sll2";
    case LinkLayer::BsdNull: return "bsd-null";
    case LinkLayer::BsdLoop: return "bsd-loop";
  }
  return "?";
}

std::vector<LinkLayer> all_link_layers() {
  return {LinkLayer::Ethernet, LinkLayer::EthernetVlan, LinkLayer::EthernetQinQ,
          LinkLayer::RawIp,    LinkLayer::LinuxSll,     LinkLayer::LinuxSll2,
          LinkLayer::BsdNull,  LinkLayer::BsdLoop};
}

std::uint32_t link_type_number(LinkLayer l) {
  switch (l) {
    case LinkLayer::Ethernet:
    case LinkLayer::EthernetVlan:
    case LinkLayer::EthernetQinQ: return 1;
    case LinkLayer::RawIp: return 101;
    case LinkLayer::LinuxSll: return 113;
    case LinkLayer::LinuxSll2: return 276;
    case LinkLayer::BsdNull: return 0;
    case LinkLayer::BsdLoop: return 108;
  }
  return 0;
}

bool carries_ethertype(LinkLayer l) {
  return l != LinkLayer::RawIp && l != LinkLayer::BsdNull && l != LinkLayer::BsdLoop;
}

IpAddress ipv6_for(const IpAddress& a) {
  if (a.v6) return a;
  IpAddress v6;
  v6.v6 = true;
  v6.bytes[0] = 0xFD;
  std::copy_n(a.bytes.begin(), 4, v6.bytes.begin() + 12);
  return v6;
}

// ---- PacketEncoder -------------------------------------------------------------------------

std::size_t PacketEncoder::link_header_length() const {
  switch (m_options.link) {
    case LinkLayer::Ethernet: return 14;
    case LinkLayer::EthernetVlan: return 18;
    case LinkLayer::EthernetQinQ: return 22;
    case LinkLayer::RawIp: return 0;
    case LinkLayer::LinuxSll: return 16;
    case LinkLayer::LinuxSll2: return 20;
    case LinkLayer::BsdNull:
    case LinkLayer::BsdLoop: return 4;
  }
  return 0;
}

std::size_t PacketEncoder::ip_header_length(bool v6) const {
  if (!v6) return 20;
  return m_options.ipv6_extension_headers ? 40 + 16 : 40;
}

std::size_t PacketEncoder::tcp_flags_offset(const TcpSegment& s) const {
  require(s.src.ip.v6 == s.dst.ip.v6, "a segment between an IPv4 and an IPv6 address");
  return link_header_length() + ip_header_length(m_options.ipv6 || s.src.ip.v6) + 13;
}

Bytes PacketEncoder::ip_packet(const TcpSegment& s, std::uint8_t protocol, const Bytes& transport,
                               bool fragment) const {
  const IpAddress src = m_options.ipv6 ? ipv6_for(s.src.ip) : s.src.ip;
  const IpAddress dst = m_options.ipv6 ? ipv6_for(s.dst.ip) : s.dst.ip;
  require(src.v6 == dst.v6, "a segment between an IPv4 and an IPv6 address");
  Bytes t = transport;
  fill_transport_checksum(t, protocol, src, dst);
  if (!src.v6) return ipv4_packet(src, dst, protocol, static_cast<std::uint16_t>(s.seq), fragment, t);
  return ipv6_packet(src, dst, protocol, m_options.ipv6_extension_headers, fragment, t);
}

Bytes PacketEncoder::frame(const TcpSegment& s, std::uint16_t ethertype, const Bytes& network) const {
  const bool ip = ethertype == kEtherIpv4 || ethertype == kEtherIpv6;
  if (!ip && !carries_ethertype(m_options.link)) {
    throw std::logic_error("link layer " + to_string(m_options.link) + " carries only IP");
  }
  Bytes f;
  switch (m_options.link) {
    case LinkLayer::Ethernet:
    case LinkLayer::EthernetVlan:
    case LinkLayer::EthernetQinQ:
      f = ethernet_header(m_options.link, s, ethertype);
      break;
    case LinkLayer::RawIp:
      break;
    case LinkLayer::LinuxSll:
      f = sll_header(s, ethertype);
      break;
    case LinkLayer::LinuxSll2:
      f = sll2_header(s, ethertype);
      break;
    case LinkLayer::BsdNull:
      // The capturing host's byte order; AF_INET6 is 30 on macOS, 24 on OpenBSD.
      put32_in_order(f, ethertype == kEtherIpv4 ? 2 : m_options.file_big_endian ? 24 : 30,
                     m_options.file_big_endian);
      break;
    case LinkLayer::BsdLoop:
      put32(f, ethertype == kEtherIpv4 ? 2 : 28);  // network byte order; AF_INET6 as on FreeBSD
      break;
  }
  append(f, network);
  if (is_ethernet(m_options.link) && f.size() < 60) f.resize(60, 0);  // minimum Ethernet frame (without FCS)
  return f;
}

Bytes PacketEncoder::tcp(const TcpSegment& s) const {
  const Bytes network = ip_packet(s, kProtoTcp, tcp_segment_bytes(s), false);
  return frame(s, (network[0] >> 4) == 6 ? kEtherIpv6 : kEtherIpv4, network);
}

Bytes PacketEncoder::tcp_fragment(const TcpSegment& s) const {
  const Bytes network = ip_packet(s, kProtoTcp, tcp_segment_bytes(s), true);
  return frame(s, (network[0] >> 4) == 6 ? kEtherIpv6 : kEtherIpv4, network);
}

Bytes PacketEncoder::udp(const TcpSegment& like) const {
  const Bytes network = ip_packet(like, kProtoUdp, udp_datagram_bytes(like), false);
  return frame(like, (network[0] >> 4) == 6 ? kEtherIpv6 : kEtherIpv4, network);
}

Bytes PacketEncoder::arp(const TcpSegment& like) const {
  if (!carries_ethertype(m_options.link)) {
    throw std::logic_error("link layer " + to_string(m_options.link) + " cannot carry ARP");
  }
  // An ARP request asks for IPv4 addresses, whatever the TCP traffic's IP version.
  const IpAddress& sender = like.src.ip;
  const IpAddress& target = like.dst.ip;
  const std::size_t sender_low = sender.v6 ? 12 : 0;
  const std::size_t target_low = target.v6 ? 12 : 0;
  Bytes a;
  put16(a, 1);  // Ethernet
  put16(a, kEtherIpv4);
  put8(a, 6);
  put8(a, 4);
  put16(a, 1);  // request
  append(a, mac_for(sender));
  put_bytes(a, sender.bytes.data() + sender_low, 4);
  a.resize(a.size() + 6, 0);  // target hardware address: unknown
  put_bytes(a, target.bytes.data() + target_low, 4);
  return frame(like, kEtherArp, a);
}

}  // namespace finwait::testing
