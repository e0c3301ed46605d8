// Issue 15: a capture of 10^6 randomly damaged packets is read to its end without a crash,
// every record numbered, each either a TCP segment or a counted skip.
#include "reader_test_support.hpp"

using namespace reader_test;

namespace {

// Damage that real captures show, at random: bytes flipped (mostly in the headers, where the
// decoder looks), the record cut short (snap length, or a lying length field), junk appended
// (trailers, options that are not), or a packet of another kind.
std::vector<std::uint8_t> damaged(std::vector<std::uint8_t> frame, std::mt19937_64& random) {
  auto below = [&random](std::size_t n) { return n == 0 ? std::size_t{0} : static_cast<std::size_t>(random() % n); };
  const std::size_t flips = below(5);
  for (std::size_t i = 0; i < flips && !frame.empty(); ++i)
    frame[below(std::min<std::size_t>(frame.size(), below(4) == 0 ? frame.size() : 80))] =
        static_cast<std::uint8_t>(random());
  if (below(6) == 0) frame.resize(below(frame.size() + 1));
  if (below(10) == 0)
    for (std::size_t i = below(64); i > 0; --i) frame.push_back(static_cast<std::uint8_t>(random()));
  return frame;
}

}  // namespace

TEST_CASE("a capture of a million damaged packets is read to the end, every record accounted for",
          "[conform][reader]") {
  const TempDir dir;
  const std::vector<TcpSegment> segments = sample_segments();
  constexpr std::size_t kPackets = 1000000;
  const std::vector<LinkLayer> links = {LinkLayer::Ethernet, LinkLayer::EthernetVlan, LinkLayer::RawIp,
                                        LinkLayer::LinuxSll2};
  std::mt19937_64 random(20261203);
  std::uint64_t read = 0;
  for (const LinkLayer link : links) {
    INFO(to_string(link));
    for (const bool ipv6 : {false, true}) {
      const PacketEncoder encoder({link, ipv6, ipv6, false});
      CaptureFileWriter file(FileFormat{}, link_type_number(link), 65535);
      const std::size_t count = kPackets / (links.size() * 2);
      for (std::size_t i = 0; i < count; ++i) {
        const TcpSegment& s = segments[i % segments.size()];
        std::vector<std::uint8_t> frame = i % 17 == 0 ? encoder.tcp_fragment(s) : encoder.tcp(s);
        if (i % 23 == 0) frame = encoder.udp(s);
        const std::vector<std::uint8_t> bad = damaged(std::move(frame), random);
        // A third of the damaged records also claim more bytes on the wire than were captured.
        file.add_record(static_cast<std::int64_t>(i), 0, bad, i % 3 == 0 ? bad.size() / 2 : SIZE_MAX);
      }
      const fs::path path = dir / "damaged.pcap";
      file.save(path);
      CaptureReader reader(path.string());
      TcpSegment s;
      std::uint64_t segments_read = 0, last_packet = 0, out_of_order = 0;
      std::vector<std::uint64_t> first_skips;  // what the reader must list, worked out here
      std::uint64_t previous = 0;
      while (reader.next(s)) {
        ++segments_read;
        for (std::uint64_t p = previous + 1; p < s.packet && first_skips.size() < kListedSkips; ++p)
          first_skips.push_back(p);
        previous = s.packet;
        if (s.packet <= last_packet) ++out_of_order;  // numbered in file order, none twice
        last_packet = s.packet;
      }
      CHECK(out_of_order == 0);
      CHECK(reader.packets() == count);
      CHECK(segments_read + reader.skipped().total() == count);
      CHECK(reader.skipped().total() > 0);  // the damage was seen, not all read as segments
      for (std::uint64_t p = previous + 1; p <= count && first_skips.size() < kListedSkips; ++p)
        first_skips.push_back(p);
      std::vector<std::uint64_t> listed;
      for (const SkippedPacket& skip : reader.skipped().listed) listed.push_back(skip.packet);
      CHECK(listed == first_skips);  // every skipped record is named by its number
      read += reader.packets();
    }
  }
  CHECK(read == kPackets);
}
