// Decodes one captured frame (link layer, IPv4/IPv6, TCP header) into a TcpSegment, without
// libpcap, allocation or exceptions, so it can be unit-tested and fuzzed on its own.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "finwait/conform/tcp_segment.hpp"

namespace finwait::conform::detail {

// The link layers the reader decodes (TRACES.md "Input").
enum class LinkKind : std::uint8_t {
  Ethernet,   // DLT_EN10MB, with any number of 802.1Q / 802.1ad tags
  RawIp,      // DLT_RAW: IPv4 or IPv6 by the version nibble
  Ipv4,       // DLT_IPV4
  Ipv6,       // DLT_IPV6
  LinuxSll,   // DLT_LINUX_SLL: 16-byte header, protocol at offset 14
  LinuxSll2,  // DLT_LINUX_SLL2: 20-byte header, protocol at offset 0
  BsdNull,    // DLT_NULL: 4-byte address family in the writer's byte order
  BsdLoop,    // DLT_LOOP: 4-byte address family in network byte order
};

// The decoder for a libpcap DLT_ value; nullopt when the reader does not decode it.
std::optional<LinkKind> link_kind_for_dlt(int dlt);

enum class Decoded : std::uint8_t {
  Tcp,        // `out` holds the segment's addresses, ports, seq, ack, flags and payload
  NotTcp,     // not IP, or IP carrying another protocol
  Fragment,   // an IPv4 fragment or an IPv6 packet with a fragment header
  Truncated,  // captured bytes end before the TCP flags, or inconsistent lengths
};

// Decodes `frame` (the captured bytes) of a packet that was `wire_length` bytes long on the
// wire. The payload length comes from the IP length fields, so a snap length that cuts the
// payload does not change it; a zero IP length (TSO, IPv6 jumbogram) falls back to the wire
// length. Writes `out` only when the result is Tcp, and never its packet number or time.
Decoded decode_packet(LinkKind link, std::span<const std::uint8_t> frame,
                      std::uint32_t wire_length, TcpSegment& out);

}  // namespace finwait::conform::detail
