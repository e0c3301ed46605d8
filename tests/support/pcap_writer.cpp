// Test-side capture files: pcap and pcapng containers in either byte order.
#include "pcap_writer.hpp"

#include <algorithm>
#include <fstream>
#include <stdexcept>

namespace finwait::testing {
namespace {

using Bytes = std::vector<std::uint8_t>;
using conform::TcpSegment;

void require(bool condition, const char* what) {
  if (!condition) throw std::invalid_argument(what);
}

void put16(Bytes& b, std::uint16_t v) {
  b.push_back(static_cast<std::uint8_t>(v >> 8));
  b.push_back(static_cast<std::uint8_t>(v));
}

// ---- The file's byte order (containers) ----------------------------------------------------

struct FileSink {
  Bytes& out;
  bool big_endian;
  void u16(std::uint16_t v) {
    if (big_endian) {
      put16(out, v);
    } else {
      out.push_back(static_cast<std::uint8_t>(v));
      out.push_back(static_cast<std::uint8_t>(v >> 8));
    }
  }
  void u32(std::uint32_t v) {
    if (big_endian) {
      u16(static_cast<std::uint16_t>(v >> 16));
      u16(static_cast<std::uint16_t>(v));
    } else {
      u16(static_cast<std::uint16_t>(v));
      u16(static_cast<std::uint16_t>(v >> 16));
    }
  }
  void u64(std::uint64_t v) {
    if (big_endian) {
      u32(static_cast<std::uint32_t>(v >> 32));
      u32(static_cast<std::uint32_t>(v));
    } else {
      u32(static_cast<std::uint32_t>(v));
      u32(static_cast<std::uint32_t>(v >> 32));
    }
  }
  void pad4() {
    while (out.size() % 4 != 0) out.push_back(0);
  }
};

}  // namespace

// ---- CaptureFileWriter ---------------------------------------------------------------------

CaptureFileWriter::CaptureFileWriter(const FileFormat& format, std::uint32_t link_type,
                                     std::uint32_t snaplen)
    : m_format(format), m_snaplen(snaplen) {
  FileSink out{m_bytes, format.big_endian};
  if (!format.pcapng) {
    out.u32(format.nanosecond ? 0xA1B23C4D : 0xA1B2C3D4);
    out.u16(2);  // version 2.4
    out.u16(4);
    out.u32(0);  // thiszone
    out.u32(0);  // sigfigs
    out.u32(snaplen);
    out.u32(link_type);
    return;
  }
  // Section header block.
  out.u32(0x0A0D0D0A);
  out.u32(28);
  out.u32(0x1A2B3C4D);  // byte-order magic
  out.u16(1);           // version 1.0
  out.u16(0);
  out.u64(~std::uint64_t{0});  // section length: not given
  out.u32(28);
  // Interface description block; if_tsresol only when it is not the default 10^-6.
  const std::uint32_t idb_length = format.nanosecond ? 32 : 20;
  out.u32(1);
  out.u32(idb_length);
  out.u16(static_cast<std::uint16_t>(link_type));
  out.u16(0);
  out.u32(snaplen);
  if (format.nanosecond) {
    out.u16(9);  // if_tsresol
    out.u16(1);
    m_bytes.push_back(9);  // 10^-9
    out.pad4();
    out.u16(0);  // opt_endofopt
    out.u16(0);
  }
  out.u32(idb_length);
}

void CaptureFileWriter::add_record(std::int64_t ts_sec, std::uint32_t ts_nsec, const Bytes& frame,
                                   std::size_t caplen) {
  require(ts_sec >= 0 && ts_sec <= 0xFFFFFFFF && ts_nsec < 1'000'000'000,
          "time stamp out of range for a capture file");
  const auto captured = static_cast<std::uint32_t>(
      std::min({frame.size(), caplen, static_cast<std::size_t>(m_snaplen)}));
  const auto wire = static_cast<std::uint32_t>(frame.size());
  const std::uint32_t fraction = m_format.nanosecond ? ts_nsec : ts_nsec / 1000;
  FileSink out{m_bytes, m_format.big_endian};
  if (!m_format.pcapng) {
    out.u32(static_cast<std::uint32_t>(ts_sec));
    out.u32(fraction);
    out.u32(captured);
    out.u32(wire);
    m_bytes.insert(m_bytes.end(), frame.begin(), frame.begin() + captured);
  } else {
    // Enhanced packet block.
    const std::uint32_t length = 32 + (captured + 3) / 4 * 4;
    const std::uint64_t units = static_cast<std::uint64_t>(ts_sec) *
                                    (m_format.nanosecond ? 1'000'000'000u : 1'000'000u) +
                                fraction;
    out.u32(6);
    out.u32(length);
    out.u32(0);  // interface id
    out.u32(static_cast<std::uint32_t>(units >> 32));
    out.u32(static_cast<std::uint32_t>(units));
    out.u32(captured);
    out.u32(wire);
    m_bytes.insert(m_bytes.end(), frame.begin(), frame.begin() + captured);
    out.pad4();
    out.u32(length);
  }
  ++m_records;
}

void CaptureFileWriter::save(const std::filesystem::path& path) const {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file.write(reinterpret_cast<const char*>(m_bytes.data()), static_cast<std::streamsize>(m_bytes.size()));
  if (!file) throw std::runtime_error("cannot write " + path.string());
}

// ---- PcapWriter ----------------------------------------------------------------------------

PcapWriter::PcapWriter(const CaptureOptions& options)
    : m_encoder({options.link, options.ipv6, options.ipv6_extension_headers,
                 options.format.big_endian}),
      m_file(options.format, link_type_number(options.link), options.snaplen) {}

void PcapWriter::add(const TcpSegment& s) { m_file.add_record(s.ts_sec, s.ts_nsec, m_encoder.tcp(s)); }

void PcapWriter::add(const std::vector<TcpSegment>& segments) {
  for (const TcpSegment& s : segments) add(s);
}

void PcapWriter::add_udp(const TcpSegment& like) {
  m_file.add_record(like.ts_sec, like.ts_nsec, m_encoder.udp(like));
}

void PcapWriter::add_arp(const TcpSegment& like) {
  m_file.add_record(like.ts_sec, like.ts_nsec, m_encoder.arp(like));
}

void PcapWriter::add_fragment(const TcpSegment& like) {
  m_file.add_record(like.ts_sec, like.ts_nsec, m_encoder.tcp_fragment(like));
}

void PcapWriter::add_cut_before_flags(const TcpSegment& like) {
  m_file.add_record(like.ts_sec, like.ts_nsec, m_encoder.tcp(like), m_encoder.tcp_flags_offset(like));
}

}  // namespace finwait::testing
