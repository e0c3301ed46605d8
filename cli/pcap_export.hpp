// Synthetic packet captures of model runs (--pcap-out): what a capture point on the wire
// between the two hosts records, TRACES.md's "complete capture", so that `finwait conform`
// explains the file with the run it came from.
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "finwait/model/trace.hpp"

namespace finwait::cli {

// One packet: a handshake segment (step 0) or the segment a step sent.
struct CapturePacket {
  model::Party from = model::Party::A;
  std::uint8_t flags = 0;   // conform::tcp_flag bits
  std::uint32_t seq = 0;
  std::uint32_t ack = 0;    // 0 unless flags has ACK
  std::size_t step = 0;     // the 1-based step that sent it; 0 for the handshake
  std::uint64_t micros = 0; // time stamp, microseconds since the epoch
};

// The client A is 10.201.0.1:41000, the server B 10.201.0.2:5000 (tests/conform/fixtures'
// addresses). A SYN, SYN-ACK, ACK handshake, then one packet per segment a step sent, in step
// order, including sends lost to a full channel; drops, duplications and deliveries are not on
// the capture (TRACES.md). Step i is stamped 0.1 s after step i-1.
std::vector<CapturePacket> capture_packets(const model::Trace& trace);

// The packets as a classic pcap file: microsecond time stamps, LINKTYPE_ETHERNET, IPv4, valid
// IPv4 header and TCP checksums.
std::vector<std::uint8_t> capture_file(const model::Trace& trace);

// Writes capture_file(trace) to `path`; InputError naming --pcap-out when it cannot.
void write_capture(const std::string& path, const model::Trace& trace);

// --pcap-out FILE for check and prove: the first trace of a finwait trace file. A note on
// `err` when the run has no trace (nothing is written) or several (which one was written).
void export_pcap(const std::string& path, const nlohmann::json& trace_file, std::ostream& err);

}  // namespace finwait::cli
