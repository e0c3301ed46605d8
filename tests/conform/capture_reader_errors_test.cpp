// The capture reader against files that are not captures, are cut short, or are damaged.
#include "reader_test_support.hpp"

using namespace reader_test;

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
