// Test-side capture writer: re-encodes TcpSegments as real pcap / pcapng files of every
// format and link type the capture reader accepts, plus packets it must skip.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "finwait/conform/tcp_segment.hpp"

namespace finwait::testing {

// The file container: classic pcap (magic 0xa1b2c3d4 for µs, 0xa1b23c4d for ns) or pcapng
// (SHB + IDB + EPB; if_tsresol = 9 for ns), in either byte order.
struct FileFormat {
  bool pcapng = false;
  bool nanosecond = false;
  bool big_endian = false;
};
std::string to_string(const FileFormat& f);
std::vector<FileFormat> all_file_formats();  // the 8 combinations

enum class LinkLayer {
  Ethernet,      // LINKTYPE_ETHERNET 1
  EthernetVlan,  //   with one 802.1Q tag (0x8100)
  EthernetQinQ,  //   with an 802.1ad tag (0x88a8) then an 802.1Q tag
  RawIp,         // LINKTYPE_RAW 101
  LinuxSll,      // LINKTYPE_LINUX_SLL 113
  LinuxSll2,     // LINKTYPE_LINUX_SLL2 276
  BsdNull,       // LINKTYPE_NULL 0: address family in the file's byte order
  BsdLoop,       // LINKTYPE_LOOP 108: address family in network byte order
};
std::string to_string(LinkLayer l);
std::vector<LinkLayer> all_link_layers();
std::uint32_t link_type_number(LinkLayer l);  // the LINKTYPE_ value written in the file
bool carries_ethertype(LinkLayer l);          // can it carry ARP?

// fd00::/96 + the IPv4 address; an IPv6 address is returned unchanged.
conform::IpAddress ipv6_for(const conform::IpAddress& a);

// Builds frames (link header + IP + TCP/UDP/ARP) in network byte order with valid IPv4
// header, TCP and UDP checksums. TCP payload bytes are zeros of the segment's length.
class PacketEncoder {
 public:
  struct Options {
    LinkLayer link = LinkLayer::Ethernet;
    bool ipv6 = false;                    // map IPv4 addresses with ipv6_for
    bool ipv6_extension_headers = false;  // hop-by-hop and destination options before TCP
    bool file_big_endian = false;         // the byte order of BsdNull's address family
  };
  explicit PacketEncoder(const Options& options) : m_options(options) {}

  std::vector<std::uint8_t> tcp(const conform::TcpSegment& s) const;
  // The same segment as the first fragment of a fragmented IP packet.
  std::vector<std::uint8_t> tcp_fragment(const conform::TcpSegment& s) const;
  // A small UDP datagram between the segment's endpoints.
  std::vector<std::uint8_t> udp(const conform::TcpSegment& like) const;
  // An ARP request from the segment's source to its destination; needs carries_ethertype.
  std::vector<std::uint8_t> arp(const conform::TcpSegment& like) const;
  // Offset of the TCP flags byte in tcp(s)'s frame.
  std::size_t tcp_flags_offset(const conform::TcpSegment& s) const;

 private:
  std::vector<std::uint8_t> frame(const conform::TcpSegment& s, std::uint16_t ethertype,
                                  const std::vector<std::uint8_t>& network) const;
  std::vector<std::uint8_t> ip_packet(const conform::TcpSegment& s, std::uint8_t protocol,
                                      const std::vector<std::uint8_t>& transport,
                                      bool fragment) const;
  std::size_t ip_header_length(bool v6) const;
  std::size_t link_header_length() const;
  Options m_options;
};

// Writes records in a pcap or pcapng container, with any LINKTYPE_ number.
class CaptureFileWriter {
 public:
  CaptureFileWriter(const FileFormat& format, std::uint32_t link_type,
                    std::uint32_t snaplen = 262144);
  // One record; `caplen` cuts the captured bytes (it is also cut to the snap length).
  void add_record(std::int64_t ts_sec, std::uint32_t ts_nsec,
                  const std::vector<std::uint8_t>& frame, std::size_t caplen = SIZE_MAX);
  std::uint64_t records() const { return m_records; }
  const std::vector<std::uint8_t>& bytes() const { return m_bytes; }
  void save(const std::filesystem::path& path) const;

 private:
  FileFormat m_format;
  std::uint32_t m_snaplen;
  std::uint64_t m_records = 0;
  std::vector<std::uint8_t> m_bytes;
};

// The two together: segments and extra packets in, a capture file out.
struct CaptureOptions {
  FileFormat format;
  LinkLayer link = LinkLayer::Ethernet;
  bool ipv6 = false;
  bool ipv6_extension_headers = false;
  std::uint32_t snaplen = 262144;
};

class PcapWriter {
 public:
  explicit PcapWriter(const CaptureOptions& options);

  void add(const conform::TcpSegment& s);  // at the segment's own time stamp
  void add(const std::vector<conform::TcpSegment>& segments);
  // Records the reader must skip; each uses the endpoints and time stamp of `like`.
  void add_udp(const conform::TcpSegment& like);
  void add_arp(const conform::TcpSegment& like);
  void add_fragment(const conform::TcpSegment& like);
  void add_cut_before_flags(const conform::TcpSegment& like);  // caplen ends before byte 13

  std::uint64_t records() const { return m_file.records(); }
  const std::vector<std::uint8_t>& bytes() const { return m_file.bytes(); }
  void save(const std::filesystem::path& path) const { m_file.save(path); }

 private:
  PacketEncoder m_encoder;
  CaptureFileWriter m_file;
};

}  // namespace finwait::testing
