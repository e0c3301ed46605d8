// One TCP segment as the capture reader hands it to the conformance checker: addresses,
// ports, sequence numbers, flags and payload length, nothing of the packet's bytes.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace finwait::conform {

// An IPv4 or IPv6 address; IPv4 is stored in the first 4 bytes, the rest zero.
struct IpAddress {
  std::array<std::uint8_t, 16> bytes{};
  bool v6 = false;
  bool operator==(const IpAddress&) const = default;
  auto operator<=>(const IpAddress&) const = default;
};

// "10.0.0.1" or "fd00::1" (RFC 5952 shortest form).
std::string to_string(const IpAddress& a);
// The inverse: dotted quad or any RFC 4291 text form; nothing if it is neither.
std::optional<IpAddress> parse_ip(std::string_view text);

struct SocketAddress {
  IpAddress ip;
  std::uint16_t port = 0;
  bool operator==(const SocketAddress&) const = default;
  auto operator<=>(const SocketAddress&) const = default;
};

// "10.0.0.1:40000" or "[fd00::1]:40000".
std::string to_string(const SocketAddress& a);

// TCP header flag bits (RFC 9293 3.1).
namespace tcp_flag {
inline constexpr std::uint8_t kFin = 0x01;
inline constexpr std::uint8_t kSyn = 0x02;
inline constexpr std::uint8_t kRst = 0x04;
inline constexpr std::uint8_t kPsh = 0x08;
inline constexpr std::uint8_t kAck = 0x10;
inline constexpr std::uint8_t kUrg = 0x20;
}  // namespace tcp_flag

struct TcpSegment {
  std::uint64_t packet = 0;   // 1-based record number in the file, as Wireshark numbers it
  std::int64_t ts_sec = 0;    // capture time stamp
  std::uint32_t ts_nsec = 0;  //   (nanoseconds, whatever the file's precision)
  SocketAddress src;
  SocketAddress dst;
  std::uint32_t seq = 0;
  std::uint32_t ack = 0;
  std::uint8_t flags = 0;     // tcp_flag bits (the low 6 of the flags byte)
  std::uint32_t payload = 0;  // payload length from the IP lengths, not from the snap length
};

}  // namespace finwait::conform
