// The capture reader against files written by the test-side writer in every encoding, and
// against files that are not captures at all.
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
using finwait::conform::SocketAddress;
using finwait::conform::TcpSegment;
using namespace finwait::testing;
namespace flag = finwait::conform::tcp_flag;

namespace {

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

IpAddress ipv4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d) {
  IpAddress ip;
  ip.bytes[0] = a;
  ip.bytes[1] = b;
  ip.bytes[2] = c;
  ip.bytes[3] = d;
  return ip;
}

TcpSegment segment(const SocketAddress& src, const SocketAddress& dst, std::uint32_t seq,
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
std::vector<TcpSegment> sample_segments() {
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
TcpSegment expected(TcpSegment s, const CaptureOptions& o, std::uint64_t packet) {
  if (o.ipv6) {
    s.src.ip = ipv6_for(s.src.ip);
    s.dst.ip = ipv6_for(s.dst.ip);
  }
  if (!o.format.nanosecond) s.ts_nsec = s.ts_nsec / 1000 * 1000;
  s.packet = packet;
  return s;
}

std::string describe(const TcpSegment& s) {
  char text[200];
  std::snprintf(text, sizeof text, "#%llu %lld.%09u %s > %s seq=%u ack=%u flags=0x%02x payload=%u",
                static_cast<unsigned long long>(s.packet), static_cast<long long>(s.ts_sec),
                s.ts_nsec, to_string(s.src).c_str(), to_string(s.dst).c_str(), s.seq, s.ack,
                s.flags, s.payload);
  return text;
}

std::vector<std::string> describe(const std::vector<TcpSegment>& segments) {
  std::vector<std::string> lines;
  for (const TcpSegment& s : segments) lines.push_back(describe(s));
  return lines;
}

std::vector<TcpSegment> read_all(CaptureReader& reader) {
  std::vector<TcpSegment> out;
  TcpSegment s;
  while (reader.next(s)) out.push_back(s);
  return out;
}

int expected_dlt(LinkLayer l) {
  switch (l) {
    case LinkLayer::RawIp: return DLT_RAW;  // LINKTYPE_RAW 101 is mapped to the host's DLT_RAW
    case LinkLayer::BsdLoop: return DLT_LOOP;
    default: return static_cast<int>(link_type_number(l));
  }
}

void write_text(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// The InputError that opening and reading `path` throws, if any.
std::optional<InputError> open_error(const fs::path& path) {
  try {
    CaptureReader reader(path.string());
    read_all(reader);
  } catch (const InputError& e) {
    return e;
  }
  return std::nullopt;
}

}  // namespace

TEST_CASE("every pcap and pcapng encoding round-trips the segments", "[conform][reader]") {
  const TempDir dir;
  const std::vector<TcpSegment> segments = sample_segments();
  int files = 0;
  for (const FileFormat& format : all_file_formats()) {
    for (const LinkLayer link : all_link_layers()) {
      for (const bool ipv6 : {false, true}) {
        const CaptureOptions options{format, link, ipv6};
        const std::string name = to_string(format) + "-" + to_string(link) + (ipv6 ? "-v6" : "-v4");
        INFO(name);
        PcapWriter writer(options);
        writer.add(segments);
        const fs::path path = dir / (name + (format.pcapng ? ".pcapng" : ".pcap"));
        writer.save(path);

        std::vector<TcpSegment> want;
        for (const TcpSegment& s : segments) want.push_back(expected(s, options, s.packet));
        CaptureReader reader(path.string());
        CHECK(reader.link_type() == expected_dlt(link));
        CHECK(describe(read_all(reader)) == describe(want));
        CHECK(reader.packets() == segments.size());
        CHECK(reader.skipped().total() == 0);
        CHECK(reader.file_size() == fs::file_size(path));
        CHECK(reader.bytes_read() == reader.file_size());
        ++files;
      }
    }
  }
  CHECK(files == 8 * 8 * 2);
}

TEST_CASE("IPv6 extension headers before TCP are walked", "[conform][reader]") {
  const TempDir dir;
  const std::vector<TcpSegment> segments = sample_segments();
  for (const LinkLayer link : {LinkLayer::Ethernet, LinkLayer::RawIp, LinkLayer::LinuxSll2}) {
    INFO(to_string(link));
    CaptureOptions options{FileFormat{}, link, true};
    options.ipv6_extension_headers = true;
    PcapWriter writer(options);
    writer.add(segments);
    writer.add_fragment(segments[3]);
    const fs::path path = dir / ("ext-" + to_string(link) + ".pcap");
    writer.save(path);

    std::vector<TcpSegment> want;
    for (const TcpSegment& s : segments) want.push_back(expected(s, options, s.packet));
    CaptureReader reader(path.string());
    CHECK(describe(read_all(reader)) == describe(want));
    CHECK(reader.skipped().fragments == 1);
    CHECK(reader.packets() == segments.size() + 1);
  }
}

TEST_CASE("DLT_IPV4 and DLT_IPV6 captures are read as raw IP", "[conform][reader]") {
  const TempDir dir;
  const std::vector<TcpSegment> segments = sample_segments();
  for (const bool ipv6 : {false, true}) {
    const PacketEncoder encoder({LinkLayer::RawIp, ipv6});
    CaptureFileWriter file(FileFormat{true, true, false}, ipv6 ? 229 : 228);
    for (const TcpSegment& s : segments) file.add_record(s.ts_sec, s.ts_nsec, encoder.tcp(s));
    const fs::path path = dir / (ipv6 ? "ipv6.pcapng" : "ipv4.pcapng");
    file.save(path);

    const CaptureOptions options{FileFormat{true, true, false}, LinkLayer::RawIp, ipv6};
    std::vector<TcpSegment> want;
    for (const TcpSegment& s : segments) want.push_back(expected(s, options, s.packet));
    CaptureReader reader(path.string());
    CHECK(reader.link_type() == (ipv6 ? DLT_IPV6 : DLT_IPV4));
    CHECK(describe(read_all(reader)) == describe(want));
  }
}

TEST_CASE("skipped packets are counted and still numbered", "[conform][reader]") {
  const TempDir dir;
  const std::vector<TcpSegment> s = sample_segments();
  for (const FileFormat format : {FileFormat{}, FileFormat{true, true, true}}) {
    for (const LinkLayer link : {LinkLayer::Ethernet, LinkLayer::EthernetQinQ, LinkLayer::LinuxSll,
                                 LinkLayer::LinuxSll2, LinkLayer::RawIp, LinkLayer::BsdNull}) {
      for (const bool ipv6 : {false, true}) {
        const std::string name = to_string(format) + "-" + to_string(link) + (ipv6 ? "-v6" : "-v4");
        INFO(name);
        const CaptureOptions options{format, link, ipv6};
        PcapWriter writer(options);
        writer.add_udp(s[0]);                                 // 1
        writer.add(s[0]);                                     // 2
        if (carries_ethertype(link)) writer.add_arp(s[1]);    // 3
        else writer.add_udp(s[1]);
        writer.add(s[1]);                                     // 4
        writer.add_fragment(s[2]);                            // 5
        writer.add_cut_before_flags(s[2]);                    // 6
        writer.add(s[2]);                                     // 7
        writer.add_cut_before_flags(s[3]);                    // 8
        writer.add_udp(s[3]);                                 // 9
        const fs::path path = dir / (name + ".cap");
        writer.save(path);

        CaptureReader reader(path.string());
        const std::vector<TcpSegment> got = read_all(reader);
        CHECK(describe(got) == describe(std::vector<TcpSegment>{
                                   expected(s[0], options, 2), expected(s[1], options, 4),
                                   expected(s[2], options, 7)}));
        CHECK(reader.packets() == 9);
        CHECK(reader.skipped().not_tcp == 3);
        CHECK(reader.skipped().fragments == 1);
        CHECK(reader.skipped().truncated == 2);
        CHECK(reader.skipped().total() == 6);
      }
    }
  }
}

TEST_CASE("payload length comes from the IP lengths, not the snap length", "[conform][reader]") {
  const TempDir dir;
  const std::vector<TcpSegment> segments = sample_segments();
  for (const bool ipv6 : {false, true}) {
    for (const LinkLayer link : {LinkLayer::Ethernet, LinkLayer::LinuxSll, LinkLayer::BsdLoop}) {
      const std::string name = to_string(link) + (ipv6 ? "-v6" : "-v4");
      INFO(name);
      // The smallest snap length that still holds every TCP flags byte (the largest headers:
      // a timestamp-option segment), so the payload is cut from every data segment.
      const PacketEncoder encoder({link, ipv6});
      CaptureOptions options{FileFormat{true, false, false}, link, ipv6};
      options.snaplen = static_cast<std::uint32_t>(encoder.tcp_flags_offset(segments[2]) + 1);
      PcapWriter writer(options);
      writer.add(segments);
      const fs::path path = dir / (name + "-snap.pcapng");
      writer.save(path);

      std::vector<TcpSegment> want;
      for (const TcpSegment& s : segments) want.push_back(expected(s, options, s.packet));
      CaptureReader reader(path.string());
      CHECK(describe(read_all(reader)) == describe(want));
      CHECK(reader.skipped().total() == 0);
      CHECK(fs::file_size(path) < 60 + segments.size() * (32 + options.snaplen + 3));
    }
  }
}

TEST_CASE("a zero IP length (TSO) falls back to the wire length", "[conform][reader]") {
  const TempDir dir;
  TcpSegment big = sample_segments()[3];
  big.payload = 30000;
  for (const bool ipv6 : {false, true}) {
    const PacketEncoder encoder({LinkLayer::Ethernet, ipv6});
    std::vector<std::uint8_t> frame = encoder.tcp(big);
    const std::size_t length_at = 14 + (ipv6 ? 4 : 2);
    frame[length_at] = 0;
    frame[length_at + 1] = 0;
    CaptureFileWriter file(FileFormat{}, 1, 128);
    file.add_record(big.ts_sec, big.ts_nsec, frame);
    const fs::path path = dir / (ipv6 ? "tso6.pcap" : "tso4.pcap");
    file.save(path);

    CaptureReader reader(path.string());
    TcpSegment got;
    REQUIRE(reader.next(got));
    CHECK(got.payload == 30000);
  }
}

TEST_CASE("inconsistent IP and TCP lengths are skipped as truncated", "[conform][reader]") {
  const TempDir dir;
  const TcpSegment s = sample_segments()[3];
  const PacketEncoder encoder({LinkLayer::RawIp, false});
  CaptureFileWriter file(FileFormat{}, 101);
  std::vector<std::uint8_t> short_total = encoder.tcp(s);
  short_total[2] = 0;
  short_total[3] = 30;  // IPv4 total length shorter than its IP and TCP headers
  file.add_record(1, 0, short_total);
  std::vector<std::uint8_t> bad_offset = encoder.tcp(s);
  bad_offset[20 + 12] = 4 << 4;  // TCP data offset 4 (< 5)
  file.add_record(2, 0, bad_offset);
  std::vector<std::uint8_t> bad_ihl = encoder.tcp(s);
  bad_ihl[0] = 0x44;  // IHL 4 (< 5)
  file.add_record(3, 0, bad_ihl);
  file.add_record(4, 0, encoder.tcp(s));
  const fs::path path = dir / "lengths.pcap";
  file.save(path);

  CaptureReader reader(path.string());
  const std::vector<TcpSegment> got = read_all(reader);
  REQUIRE(got.size() == 1);
  CHECK(got[0].packet == 4);
  CHECK(got[0].payload == s.payload);
  CHECK(reader.skipped().truncated == 3);
}

TEST_CASE("a truncated or corrupt last record is an input error naming the packet",
          "[conform][reader]") {
  const TempDir dir;
  const std::vector<TcpSegment> segments = sample_segments();
  for (const FileFormat& format : {FileFormat{}, FileFormat{true, false, true}}) {
    PcapWriter writer({format, LinkLayer::Ethernet, false});
    writer.add(segments);
    const std::size_t full = writer.bytes().size();

    SECTION(to_string(format) + ": cut inside the packet data") {
      const fs::path path = dir / "cut-data.cap";
      writer.save(path);
      fs::resize_file(path, full - 10);
      const auto e = open_error(path);
      REQUIRE(e);
      CHECK(e->where() == path.string() + ": packet " + std::to_string(segments.size()));
      CHECK_THAT(e->what(), Catch::StartsWith("truncated or corrupt record: "));
    }
    SECTION(to_string(format) + ": cut inside the record header") {
      PcapWriter shorter({format, LinkLayer::Ethernet, false});
      shorter.add(std::vector<TcpSegment>(segments.begin(), segments.end() - 1));
      const fs::path path = dir / "cut-header.cap";
      writer.save(path);
      fs::resize_file(path, shorter.bytes().size() + 8);
      CaptureReader reader(path.string());
      TcpSegment s;
      for (std::size_t i = 1; i < segments.size(); ++i) REQUIRE(reader.next(s));
      try {
        reader.next(s);
        FAIL("no error");
      } catch (const InputError& e) {
        CHECK(e.where() == path.string() + ": packet " + std::to_string(segments.size()));
        CHECK_THAT(e.what(), Catch::StartsWith("truncated or corrupt record: "));
      }
      CHECK_THROWS_AS(reader.next(s), InputError);  // and again, not a silent end
    }
  }
  SECTION("a record length far beyond any snap length") {
    CaptureFileWriter file(FileFormat{}, 1);
    const PacketEncoder encoder({LinkLayer::Ethernet, false});
    file.add_record(1, 0, encoder.tcp(segments[0]));
    const std::size_t second = file.bytes().size();
    file.add_record(2, 0, encoder.tcp(segments[1]));
    std::vector<std::uint8_t> bytes = file.bytes();
    bytes[second + 8] = 0xFF;  // caplen 0x7fffffff (little-endian)
    bytes[second + 9] = 0xFF;
    bytes[second + 10] = 0xFF;
    bytes[second + 11] = 0x7F;
    const fs::path path = dir / "huge-caplen.pcap";
    std::ofstream(path, std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    const auto e = open_error(path);
    REQUIRE(e);
    CHECK(e->where() == path.string() + ": packet 2");
    CHECK_THAT(e->what(), Catch::StartsWith("truncated or corrupt record: "));
  }
}

TEST_CASE("files that are not captures are input errors with a clear message",
          "[conform][reader]") {
  const TempDir dir;
  const auto check = [](const fs::path& path, const std::string& message) {
    INFO(path);
    const auto e = open_error(path);
    REQUIRE(e);
    CHECK(e->where() == path.string());
    CHECK(std::string(e->what()) == message);
  };

  SECTION("empty file") {
    write_text(dir / "empty.pcap", "");
    check(dir / "empty.pcap", "empty file, not a capture");
  }
  SECTION("text file") {
    write_text(dir / "notes.txt", "this is not a capture\nat all\n");
    check(dir / "notes.txt", "not a pcap or pcapng capture");
  }
  SECTION("a few bytes of garbage") {
    write_text(dir / "tiny", "ab");
    const auto e = open_error(dir / "tiny");
    REQUIRE(e);
    CHECK_THAT(e->what(), Catch::StartsWith("not a pcap or pcapng capture"));
  }
  SECTION("a pcap file header cut short") {
    write_text(dir / "short.pcap", std::string("\xd4\xc3\xb2\xa1\x02\x00\x04\x00", 8));
    const auto e = open_error(dir / "short.pcap");
    REQUIRE(e);
    CHECK_THAT(e->what(), Catch::StartsWith("not a pcap or pcapng capture"));
  }
  SECTION("directory") {
    fs::create_directory(dir / "captures");
    check(dir / "captures", "is a directory");
  }
  SECTION("FIFO") {
    // Opening a FIFO for reading would block until a writer came; it must be refused first.
    const fs::path fifo = dir / "pipe";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    check(fifo, "not a regular file (a FIFO)");
  }
  SECTION("character device") {
    check("/dev/null", "not a regular file (a character device)");
  }
  SECTION("missing file") {
    check(dir / "no-such.pcap", "no such file");
  }
  SECTION("unsupported link type") {
    CaptureFileWriter file(FileFormat{}, 105);  // IEEE 802.11
    file.add_record(1, 0, std::vector<std::uint8_t>(40, 0));
    file.save(dir / "wifi.pcap");
    check(dir / "wifi.pcap",
          "link type 105 (IEEE802_11) is not supported; supported: Ethernet, raw IP, Linux SLL, "
          "Linux SLL2, BSD loopback");
  }
}

TEST_CASE("a capture with no records has no segments", "[conform][reader]") {
  const TempDir dir;
  for (const FileFormat& format : all_file_formats()) {
    CaptureFileWriter file(format, 1);
    const fs::path path = dir / ("empty-" + to_string(format));
    file.save(path);
    CaptureReader reader(path.string());
    TcpSegment s;
    CHECK_FALSE(reader.next(s));
    CHECK(reader.packets() == 0);
  }
}

TEST_CASE("addresses print as dotted quads and RFC 5952 text", "[conform][reader]") {
  const auto v6 = [](std::initializer_list<std::uint16_t> groups) {
    IpAddress a;
    a.v6 = true;
    std::size_t i = 0;
    for (const std::uint16_t g : groups) {
      a.bytes[i++] = static_cast<std::uint8_t>(g >> 8);
      a.bytes[i++] = static_cast<std::uint8_t>(g);
    }
    return a;
  };
  CHECK(to_string(ipv4(10, 0, 0, 1)) == "10.0.0.1");
  CHECK(to_string(SocketAddress{ipv4(255, 255, 255, 255), 65535}) == "255.255.255.255:65535");
  CHECK(to_string(ipv6_for(ipv4(10, 0, 0, 1))) == "fd00::a00:1");
  CHECK(to_string(SocketAddress{ipv6_for(ipv4(10, 0, 0, 1)), 80}) == "[fd00::a00:1]:80");
  CHECK(to_string(v6({0, 0, 0, 0, 0, 0, 0, 0})) == "::");
  CHECK(to_string(v6({0, 0, 0, 0, 0, 0, 0, 1})) == "::1");
  CHECK(to_string(v6({0x2001, 0xdb8, 0, 0, 0, 0, 0, 0})) == "2001:db8::");
  CHECK(to_string(v6({0x2001, 0xdb8, 0, 0, 1, 0, 0, 1})) == "2001:db8::1:0:0:1");
  CHECK(to_string(v6({0x2001, 0xdb8, 0, 1, 1, 1, 1, 1})) == "2001:db8:0:1:1:1:1:1");
  CHECK(to_string(v6({0x2001, 0xDB8, 0xABCD, 0x12, 0, 0, 0, 0xFFFF})) == "2001:db8:abcd:12::ffff");
  CHECK(to_string(v6({0, 0, 0, 0, 0, 0xFFFF, 0xC000, 0x0201})) == "::ffff:192.0.2.1");
}

TEST_CASE("random frames and damaged files never crash the reader", "[conform][reader]") {
  const TempDir dir;
  std::mt19937 random(20240601);  // fixed seed: a failure must reproduce
  const auto byte = [&] { return static_cast<std::uint8_t>(random()); };

  SECTION("random frames of every link type are decoded or skipped") {
    for (const LinkLayer link : all_link_layers()) {
      INFO(to_string(link));
      // Mostly real frames with a few bytes changed, so the decoder gets past the headers.
      const PacketEncoder encoder({link, link == LinkLayer::BsdNull});
      const std::vector<TcpSegment> segments = sample_segments();
      CaptureFileWriter file(FileFormat{}, link_type_number(link));
      const int records = 400;
      for (int i = 0; i < records; ++i) {
        std::vector<std::uint8_t> frame = encoder.tcp(segments[i % segments.size()]);
        if (i % 4 == 0) frame.resize(1 + random() % 80);  // cut anywhere in the headers
        for (int n = 0; n < 3; ++n) frame[random() % frame.size()] = byte();
        file.add_record(1, 0, frame, random() % (frame.size() + 1));
      }
      const fs::path path = dir / (to_string(link) + "-random.pcap");
      file.save(path);
      CaptureReader reader(path.string());
      const std::vector<TcpSegment> got = read_all(reader);
      CHECK(reader.packets() == records);
      CHECK(got.size() + reader.skipped().total() == records);
    }
  }
  SECTION("damaged captures are read or refused with an input error") {
    for (const FileFormat& format : {FileFormat{}, FileFormat{true, true, false}}) {
      PcapWriter intact({format, LinkLayer::Ethernet, false});
      intact.add(sample_segments());
      for (int round = 0; round < 100; ++round) {
        std::vector<std::uint8_t> bytes = intact.bytes();
        for (int n = 0; n < 4; ++n) bytes[random() % bytes.size()] = byte();
        const fs::path path = dir / "damaged.cap";
        std::ofstream(path, std::ios::binary | std::ios::trunc)
            .write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
        try {
          CaptureReader reader(path.string());
          read_all(reader);
        } catch (const InputError& e) {
          CHECK_THAT(e.where(), Catch::StartsWith(path.string()));
        }
      }
    }
  }
}
