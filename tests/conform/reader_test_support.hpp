// Helpers shared by the capture reader's tests: sample segments, temp directories, and
// what the reader should return for each encoding.
#pragma once

#include <pcap/dlt.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "finwait/conform/capture_reader.hpp"
#include "finwait/model/input_error.hpp"
#include "pcap_writer.hpp"

namespace fs = std::filesystem;
using finwait::InputError;
using finwait::conform::CaptureReader;
using finwait::conform::IpAddress;
using finwait::conform::kListedSkips;
using finwait::conform::SkippedPacket;
using finwait::conform::SkipReason;
using finwait::conform::SocketAddress;
using finwait::conform::TcpSegment;
using namespace finwait::testing;
namespace flag = finwait::conform::tcp_flag;

namespace reader_test {

// A fresh directory under the system temp directory, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::random_device random;
    m_path = fs::temp_directory_path() /
             ("finwait-reader-" + std::to_string(::getpid()) + "-" + std::to_string(random()));
    fs::create_directories(m_path);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(m_path, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  fs::path operator/(const std::string& name) const { return m_path / name; }

 private:
  fs::path m_path;
};

inline IpAddress ipv4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d) {
  IpAddress ip;
  ip.bytes[0] = a;
  ip.bytes[1] = b;
  ip.bytes[2] = c;
  ip.bytes[3] = d;
  return ip;
}

inline TcpSegment segment(const SocketAddress& src, const SocketAddress& dst, std::uint32_t seq,
                   std::uint32_t ack, std::uint8_t flags, std::uint32_t payload = 0) {
  TcpSegment s;
  s.src = src;
  s.dst = dst;
  s.seq = seq;
  s.ack = ack;
  s.flags = flags;
  s.payload = payload;
  return s;
}

// Two connections: a handshake, data and a FIN, FIN+ACK close with payload on the second
// FIN; then an abort with sequence numbers near 2^32 and every flag bit once.
inline std::vector<TcpSegment> sample_segments() {
  const SocketAddress client{ipv4(10, 0, 0, 1), 40000};
  const SocketAddress server{ipv4(10, 0, 0, 2), 80};
  const SocketAddress other{ipv4(192, 168, 255, 254), 65535};
  const SocketAddress peer{ipv4(172, 16, 0, 9), 1};
  const std::uint8_t ack = flag::kAck;
  std::vector<TcpSegment> s = {
      segment(client, server, 1000, 0, flag::kSyn),
      segment(server, client, 5000, 1001, flag::kSyn | ack),
      segment(client, server, 1001, 5001, ack),
      segment(client, server, 1001, 5001, flag::kPsh | ack, 1460),
      segment(server, client, 5001, 2461, ack),
      segment(client, server, 2461, 5001, flag::kFin | ack),
      segment(server, client, 5001, 2462, ack),
      segment(server, client, 5001, 2462, flag::kFin | flag::kPsh | ack, 100),
      segment(client, server, 2462, 5102, ack),
      segment(other, peer, 0xFFFFFFF0u, 0x80000000u, flag::kRst | ack | flag::kUrg),
      segment(peer, other, 0x7FFFFFFFu, 0xFFFFFFFFu, 0x3F, 7),
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    s[i].ts_sec = 1'700'000'000 + static_cast<std::int64_t>(i);
    s[i].ts_nsec = static_cast<std::uint32_t>((i * 111'111'111 + 789) % 1'000'000'000);
    s[i].packet = i + 1;
  }
  return s;
}

// What the reader should return for `s`, written with `o` as record `packet`.
inline TcpSegment expected(TcpSegment s, const CaptureOptions& o, std::uint64_t packet) {
  if (o.ipv6) {
    s.src.ip = ipv6_for(s.src.ip);
    s.dst.ip = ipv6_for(s.dst.ip);
  }
  if (!o.format.nanosecond) s.ts_nsec = s.ts_nsec / 1000 * 1000;
  s.packet = packet;
  return s;
}

inline std::string describe(const TcpSegment& s) {
  char text[200];
  std::snprintf(text, sizeof text, "#%llu %lld.%09u %s > %s seq=%u ack=%u flags=0x%02x payload=%u",
                static_cast<unsigned long long>(s.packet), static_cast<long long>(s.ts_sec),
                s.ts_nsec, to_string(s.src).c_str(), to_string(s.dst).c_str(), s.seq, s.ack,
                s.flags, s.payload);
  return text;
}

inline std::vector<std::string> describe(const std::vector<TcpSegment>& segments) {
  std::vector<std::string> lines;
  for (const TcpSegment& s : segments) lines.push_back(describe(s));
  return lines;
}

inline std::vector<TcpSegment> read_all(CaptureReader& reader) {
  std::vector<TcpSegment> out;
  TcpSegment s;
  while (reader.next(s)) out.push_back(s);
  return out;
}

inline int expected_dlt(LinkLayer l) {
  switch (l) {
    case LinkLayer::RawIp: return DLT_RAW;  // LINKTYPE_RAW 101 is mapped to the host's DLT_RAW
    case LinkLayer::BsdLoop: return DLT_LOOP;
    default: return static_cast<int>(link_type_number(l));
  }
}

inline void write_text(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// The InputError that opening and reading `path` throws, if any.
inline std::optional<InputError> open_error(const fs::path& path) {
  try {
    CaptureReader reader(path.string());
    read_all(reader);
  } catch (const InputError& e) {
    return e;
  }
  return std::nullopt;
}

}  // namespace reader_test
