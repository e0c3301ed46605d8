// Link-layer, IP and TCP header decoding for the capture reader (TRACES.md "Input").
#include "packet_decoder.hpp"

#include <pcap/dlt.h>

#include <cstddef>
#include <cstring>

namespace finwait::conform::detail {
namespace {

using Bytes = std::span<const std::uint8_t>;

constexpr std::uint16_t kEtherIpv4 = 0x0800;
constexpr std::uint16_t kEtherIpv6 = 0x86DD;
constexpr std::uint16_t kEtherVlan = 0x8100;      // 802.1Q
constexpr std::uint16_t kEtherQinQ = 0x88A8;      // 802.1ad
constexpr std::uint16_t kEtherQinQOld = 0x9100;  // pre-standard double tagging

constexpr std::uint8_t kProtoTcp = 6;
constexpr std::uint8_t kIpv6HopByHop = 0;
constexpr std::uint8_t kIpv6Routing = 43;
constexpr std::uint8_t kIpv6Fragment = 44;
constexpr std::uint8_t kIpv6DestOptions = 60;

constexpr std::size_t kIpv4MinHeader = 20;
constexpr std::size_t kIpv6Header = 40;
constexpr std::size_t kTcpMinHeader = 20;
constexpr std::size_t kTcpFlagsOffset = 13;

std::uint16_t be16(Bytes b, std::size_t at) {
  return static_cast<std::uint16_t>(b[at] << 8 | b[at + 1]);
}

std::uint32_t be32(Bytes b, std::size_t at) {
  return std::uint32_t{b[at]} << 24 | std::uint32_t{b[at + 1]} << 16 |
         std::uint32_t{b[at + 2]} << 8 | std::uint32_t{b[at + 3]};
}

// The IP length to use when the header says 0: what the wire carried after the link header.
std::uint32_t wire_after(std::uint32_t wire_length, std::size_t link_header) {
  return wire_length > link_header ? wire_length - static_cast<std::uint32_t>(link_header) : 0;
}

// The TCP header at `tcp` inside `ip`; `tcp_length` is header plus payload per the IP
// lengths. Fills everything in `out` but the addresses.
Decoded decode_tcp(Bytes ip, std::size_t tcp, std::uint32_t tcp_length, TcpSegment& out) {
  if (ip.size() <= tcp + kTcpFlagsOffset) return Decoded::Truncated;
  const std::uint32_t header = std::uint32_t{ip[tcp + 12]} >> 4 << 2;
  if (header < kTcpMinHeader || tcp_length < header) return Decoded::Truncated;
  out.src.port = be16(ip, tcp);
  out.dst.port = be16(ip, tcp + 2);
  out.seq = be32(ip, tcp + 4);
  out.ack = be32(ip, tcp + 8);
  out.flags = ip[tcp + kTcpFlagsOffset] & 0x3F;
  out.payload = tcp_length - header;
  return Decoded::Tcp;
}

void set_address(IpAddress& a, Bytes ip, std::size_t at, bool v6) {
  a.bytes = {};
  std::memcpy(a.bytes.data(), ip.data() + at, v6 ? 16 : 4);
  a.v6 = v6;
}

Decoded decode_ipv4(Bytes ip, std::uint32_t wire_ip_length, TcpSegment& out) {
  if (ip.size() < kIpv4MinHeader) return Decoded::Truncated;
  if (ip[0] >> 4 != 4) return Decoded::NotTcp;
  const std::uint32_t header = std::uint32_t{ip[0] & 0x0Fu} << 2;
  std::uint32_t total = be16(ip, 2);
  if (total == 0) total = wire_ip_length;  // TSO super-packets are captured with length 0
  if (header < kIpv4MinHeader || total < header) return Decoded::Truncated;
  if ((be16(ip, 6) & 0x3FFF) != 0) return Decoded::Fragment;  // MF flag or fragment offset
  if (ip[9] != kProtoTcp) return Decoded::NotTcp;
  const Decoded d = decode_tcp(ip, header, total - header, out);
  if (d == Decoded::Tcp) {
    set_address(out.src.ip, ip, 12, false);
    set_address(out.dst.ip, ip, 16, false);
  }
  return d;
}

Decoded decode_ipv6(Bytes ip, std::uint32_t wire_ip_length, TcpSegment& out) {
  if (ip.size() < kIpv6Header) return Decoded::Truncated;
  if (ip[0] >> 4 != 6) return Decoded::NotTcp;
  std::uint32_t remaining = be16(ip, 4);  // after the fixed header
  if (remaining == 0) {                   // a jumbogram or a TSO super-packet
    remaining = wire_ip_length > kIpv6Header ? wire_ip_length - kIpv6Header : 0;
  }
  std::uint8_t next = ip[6];
  std::size_t at = kIpv6Header;
  // Each extension header is at least 8 bytes, so the walk ends within the captured bytes.
  for (;;) {
    switch (next) {
      case kProtoTcp: {
        const Decoded d = decode_tcp(ip, at, remaining, out);
        if (d == Decoded::Tcp) {
          set_address(out.src.ip, ip, 8, true);
          set_address(out.dst.ip, ip, 24, true);
        }
        return d;
      }
      case kIpv6Fragment:
        return Decoded::Fragment;
      case kIpv6HopByHop:
      case kIpv6Routing:
      case kIpv6DestOptions: {
        if (ip.size() < at + 2) return Decoded::Truncated;
        const std::uint32_t length = (std::uint32_t{ip[at + 1]} + 1) * 8;
        if (remaining < length) return Decoded::Truncated;
        next = ip[at];
        at += length;
        remaining -= length;
        break;
      }
      default:
        return Decoded::NotTcp;
    }
  }
}

// An IP packet at `at`, of the version the link layer announced (0: by the version nibble).
Decoded decode_ip(int version, Bytes frame, std::size_t at, std::uint32_t wire_length,
                  TcpSegment& out) {
  const Bytes ip = frame.subspan(at);
  const std::uint32_t wire_ip = wire_after(wire_length, at);
  if (version == 0) {
    if (ip.empty()) return Decoded::Truncated;
    version = ip[0] >> 4;
  }
  if (version == 4) return decode_ipv4(ip, wire_ip, out);
  if (version == 6) return decode_ipv6(ip, wire_ip, out);
  return Decoded::NotTcp;
}

// The EtherType at `type_at`, then VLAN tags, then IP.
Decoded decode_ethertype(Bytes frame, std::size_t type_at, std::size_t payload_at,
                         std::uint32_t wire_length, TcpSegment& out) {
  if (frame.size() < type_at + 2) return Decoded::Truncated;
  std::uint16_t type = be16(frame, type_at);
  while (type == kEtherVlan || type == kEtherQinQ || type == kEtherQinQOld) {
    // A tag is 2 bytes of TCI then the next EtherType.
    if (frame.size() < payload_at + 4) return Decoded::Truncated;
    type = be16(frame, payload_at + 2);
    payload_at += 4;
  }
  if (type == kEtherIpv4) return decode_ip(4, frame, payload_at, wire_length, out);
  if (type == kEtherIpv6) return decode_ip(6, frame, payload_at, wire_length, out);
  return Decoded::NotTcp;
}

// BSD address families: AF_INET is 2 everywhere; AF_INET6 is 10 (Linux), 24 (NetBSD,
// OpenBSD), 28 (FreeBSD, DragonFly) or 30 (macOS).
Decoded decode_family(std::uint32_t family, Bytes frame, std::uint32_t wire_length,
                      TcpSegment& out) {
  switch (family) {
    case 2:
      return decode_ip(4, frame, 4, wire_length, out);
    case 10:
    case 24:
    case 28:
    case 30:
      return decode_ip(6, frame, 4, wire_length, out);
    default:
      return Decoded::NotTcp;
  }
}

}  // namespace

std::optional<LinkKind> link_kind_for_dlt(int dlt) {
  switch (dlt) {
    case DLT_EN10MB: return LinkKind::Ethernet;
    case DLT_RAW: return LinkKind::RawIp;
    case DLT_IPV4: return LinkKind::Ipv4;
    case DLT_IPV6: return LinkKind::Ipv6;
    case DLT_LINUX_SLL: return LinkKind::LinuxSll;
    case DLT_LINUX_SLL2: return LinkKind::LinuxSll2;
    case DLT_NULL: return LinkKind::BsdNull;
    case DLT_LOOP: return LinkKind::BsdLoop;
    default: return std::nullopt;
  }
}

Decoded decode_packet(LinkKind link, std::span<const std::uint8_t> frame,
                      std::uint32_t wire_length, TcpSegment& out) {
  switch (link) {
    case LinkKind::Ethernet:
      return decode_ethertype(frame, 12, 14, wire_length, out);
    case LinkKind::RawIp:
      return decode_ip(0, frame, 0, wire_length, out);
    case LinkKind::Ipv4:
      return decode_ip(4, frame, 0, wire_length, out);
    case LinkKind::Ipv6:
      return decode_ip(6, frame, 0, wire_length, out);
    case LinkKind::LinuxSll:
      if (frame.size() < 16) return Decoded::Truncated;
      return decode_ethertype(frame, 14, 16, wire_length, out);
    case LinkKind::LinuxSll2:
      if (frame.size() < 20) return Decoded::Truncated;
      return decode_ethertype(frame, 0, 20, wire_length, out);
    case LinkKind::BsdNull: {
      if (frame.size() < 4) return Decoded::Truncated;
      // Written in the capturing host's byte order: the family is small, so whichever
      // reading leaves the upper half zero is the right one.
      const std::uint32_t little = std::uint32_t{frame[0]} | std::uint32_t{frame[1]} << 8 |
                                   std::uint32_t{frame[2]} << 16 | std::uint32_t{frame[3]} << 24;
      const std::uint32_t family = (little >> 16) == 0 ? little : be32(frame, 0);
      return decode_family(family, frame, wire_length, out);
    }
    case LinkKind::BsdLoop:
      if (frame.size() < 4) return Decoded::Truncated;
      return decode_family(be32(frame, 0), frame, wire_length, out);
  }
  return Decoded::NotTcp;
}

}  // namespace finwait::conform::detail
