// Streams TCP segments out of a pcap or pcapng file with libpcap (TRACES.md "Input").
//
// Link types: Ethernet (with 802.1Q / 802.1ad tags), raw IP, Linux SLL and SLL2, BSD
// NULL/loopback. IPv4 and IPv6. Non-TCP packets, IP fragments and packets truncated by the
// snap length before the TCP flags are skipped and counted; every record still has a number,
// and the first kListedSkips skipped records are listed by number and reason.
// Memory does not grow with the number of packets.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "finwait/conform/tcp_segment.hpp"

namespace finwait::conform {

enum class SkipReason : std::uint8_t { NotTcp, Fragment, Truncated };
const char* to_string(SkipReason reason);  // "not TCP", "fragment", "truncated"

struct SkippedPacket {
  std::uint64_t packet = 0;  // its record number, as in packet numbers everywhere
  SkipReason reason = SkipReason::NotTcp;
  friend bool operator==(const SkippedPacket&, const SkippedPacket&) = default;
};

// How many skipped records are listed by number: enough to find the damage in Wireshark,
// few enough that memory still does not grow with the number of packets.
inline constexpr std::size_t kListedSkips = 100;

struct SkipCounts {
  std::uint64_t not_tcp = 0;    // not IP, or IP carrying another protocol
  std::uint64_t fragments = 0;  // IPv4 fragments (MF or offset) and IPv6 fragment headers
  std::uint64_t truncated = 0;  // cut by the snap length before the TCP flags, or bad lengths
  std::uint64_t total() const { return not_tcp + fragments + truncated; }
  std::uint64_t filtered = 0;   // left out by the user's BPF filter (not in total())
  std::vector<SkippedPacket> listed;  // the first kListedSkips skipped records, in file order
};

class CaptureReader {
 public:
  // Opens the file ("-": standard input, e.g. from `tcpdump -w -`); throws
  // InputError(path, reason) when it is not a readable regular file, not a capture, or of a
  // link type the reader does not decode. `filter`, if not empty, is a BPF expression as
  // tcpdump takes it; records it rejects are counted as filtered (and still numbered);
  // a bad expression throws InputError("filter", reason).
  explicit CaptureReader(const std::string& path, const std::string& filter = "");
  ~CaptureReader();
  CaptureReader(const CaptureReader&) = delete;
  CaptureReader& operator=(const CaptureReader&) = delete;

  // The next TCP segment; false at the end of the file. Throws
  // InputError("<path>: packet N", reason) on a truncated or corrupt record.
  bool next(TcpSegment& out);

  std::uint64_t packets() const;        // records read so far, skipped ones included
  const SkipCounts& skipped() const;
  std::uint64_t file_size() const;      // bytes, for progress
  std::uint64_t bytes_read() const;     // approximate position in the file
  int link_type() const;                // libpcap's DLT_ value

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace finwait::conform
