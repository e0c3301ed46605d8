// The capture reader against files written by the test-side writer in every encoding.
#include "reader_test_support.hpp"

using namespace reader_test;

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
        CHECK(reader.skipped().listed == std::vector<SkippedPacket>{
                                             {1, SkipReason::NotTcp}, {3, SkipReason::NotTcp},
                                             {5, SkipReason::Fragment}, {6, SkipReason::Truncated},
                                             {8, SkipReason::Truncated}, {9, SkipReason::NotTcp}});
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
