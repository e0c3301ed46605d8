// The committed captures of real Linux TCP (tests/conform/fixtures, made by
// tests/conform/capture/make_captures.sh) against the verdicts worked out by hand in
// expected.tsv; every witness replays; every encoding of the same segments agrees.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "finwait/conform/conformance.hpp"
#include "pcap_writer.hpp"
#include "tsv.hpp"

using namespace finwait::conform;
using finwait::model::ModelConfig;

namespace fs = std::filesystem;

namespace {

const fs::path kFixtures = FINWAIT_CONFORM_FIXTURES;

// The option sets expected.tsv uses, as model configurations.
ModelConfig config_for(const std::string& options) {
  ModelConfig c;
  if (options == "default") return c;
  if (options == "--profile linux") {
    for (const auto& [name, value] : *finwait::model::profile_settings("linux"))
      finwait::model::set_parameter(c, name, value, options);
    return c;
  }
  if (options == "--abort on") c.abort = true;
  else if (options == "--fin-wait-2-timeout on") c.fin_wait_2_timeout = true;
  else FAIL("unknown option set in expected.tsv: " << options);
  return c;
}

struct Expectation {
  std::string fixture, options;
  bool conforming = false;
  std::optional<std::uint64_t> first_bad;
  std::size_t nonconforming = 0, connections = 0;
  std::uint64_t packets = 0;
};

std::vector<Expectation> expectations() {
  std::vector<Expectation> out;
  for (const auto& row : finwait::testing::read_tsv((kFixtures / "expected.tsv").string(), 7)) {
    Expectation e;
    e.fixture = row[0];
    e.options = row[1];
    e.conforming = row[2] == "conforming";
    if (row[3] != "-") e.first_bad = std::stoull(row[3]);
    e.nonconforming = std::stoul(row[4]);
    e.connections = std::stoul(row[5]);
    e.packets = std::stoull(row[6]);
    out.push_back(e);
  }
  return out;
}

std::vector<TcpSegment> read_segments(const fs::path& file) {
  CaptureReader reader(file.string());
  std::vector<TcpSegment> out;
  for (TcpSegment s; reader.next(s);) out.push_back(s);
  return out;
}

fs::path scratch_dir() {
  const fs::path dir = fs::temp_directory_path() / ("finwait-fixtures-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir;
}

}  // namespace

TEST_CASE("fixtures: the tool's verdicts are the hand-worked ones of expected.tsv", "[conform]") {
  const auto all = expectations();
  REQUIRE(all.size() >= 14 * 4);
  for (const Expectation& e : all) {
    INFO(e.fixture << " with " << e.options);
    ConformanceChecker checker(config_for(e.options));
    const FileReport r = checker.check_file((kFixtures / e.fixture).string());
    CHECK(r.packets == e.packets);
    CHECK(r.connections.size() == e.connections);
    CHECK((r.nonconforming == 0) == e.conforming);
    CHECK(r.nonconforming == e.nonconforming);
    CHECK(r.first_bad_packet == e.first_bad);
  }
}

TEST_CASE("fixtures: every conforming connection has a witness that replays", "[conform]") {
  std::size_t witnesses = 0;
  for (const Expectation& e : expectations()) {
    INFO(e.fixture << " with " << e.options);
    ConformOptions options;
    ConformanceChecker checker(config_for(e.options));
    // Collect every client's letters: one pass per client address of the file.
    const FileReport first = checker.check_file((kFixtures / e.fixture).string());
    for (const Connection& c : first.connections) {
      if (!c.conforms()) continue;
      options.witness_client = c.a;
      const FileReport r = checker.check_file((kFixtures / e.fixture).string(), options);
      for (const auto& [index, letters] : r.witness_letters) {
        if (!r.connections[index].conforms()) continue;
        const auto w = find_witness(checker.semantics(), letters);
        REQUIRE(w);
        CHECK_FALSE(finwait::model::replay(checker.semantics(), w->trace));
        std::vector<Observation> plain;
        for (const auto& l : letters) plain.push_back(l.letter);
        CHECK(sends_spell(w->trace, plain));
        CHECK(w->step_of_letter.size() == letters.size());
        ++witnesses;
      }
      if (e.fixture == "interleaved_100.pcap" && witnesses > 400) break;  // enough of them
    }
  }
  CHECK(witnesses > 100);
}

TEST_CASE("fixtures: every encoding of the same segments gives the same verdicts", "[conform]") {
  using finwait::testing::CaptureOptions;
  using finwait::testing::LinkLayer;
  const fs::path dir = scratch_dir();
  const ModelConfig config;  // rfc793: most fixtures have a first bad packet to compare
  std::size_t variants = 0;
  for (const char* fixture : {"three_way_close.pcap", "interleaved_100.pcap",
                              "bad_ack_of_unsent_fin.pcap", "lost_final_ack.pcap"}) {
    ConformanceChecker checker(config);
    const FileReport want = checker.check_file((kFixtures / fixture).string());
    const auto segments = read_segments(kFixtures / fixture);
    REQUIRE(segments.size() == want.packets);
    std::vector<CaptureOptions> encodings;
    for (const auto& format : finwait::testing::all_file_formats())
      encodings.push_back({format, LinkLayer::Ethernet, false, false, 262144});
    for (LinkLayer link : finwait::testing::all_link_layers())
      for (bool v6 : {false, true}) encodings.push_back({{}, link, v6, false, 262144});
    encodings.push_back({{true, true, true}, LinkLayer::LinuxSll2, true, true, 262144});
    encodings.push_back({{}, LinkLayer::EthernetVlan, false, false, 64});  // payload cut
    for (const CaptureOptions& o : encodings) {
      INFO(fixture << " as " << to_string(o.format) << ", " << to_string(o.link)
                   << (o.ipv6 ? ", IPv6" : ", IPv4") << ", snaplen " << o.snaplen);
      finwait::testing::PcapWriter writer(o);
      writer.add(segments);
      const fs::path file = dir / "variant.cap";
      writer.save(file);
      const FileReport got = checker.check_file(file.string());
      CHECK(got.packets == want.packets);
      CHECK(got.skipped.total() == 0);
      CHECK(got.connections.size() == want.connections.size());
      CHECK(got.nonconforming == want.nonconforming);
      CHECK(got.first_bad_packet == want.first_bad_packet);
      for (std::size_t i = 0; i < std::min(got.connections.size(), want.connections.size()); ++i) {
        CHECK(got.connections[i].set == want.connections[i].set);
        CHECK(got.connections[i].letter_count == want.connections[i].letter_count);
      }
      ++variants;
    }
  }
  fs::remove_all(dir);
  CHECK(variants >= 4 * 20);
}
