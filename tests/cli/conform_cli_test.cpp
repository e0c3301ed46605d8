// `finwait conform` as a user meets it: verdicts and exit codes, the explanation, JSON,
// witnesses that `finwait replay` re-executes, and one-line errors for bad files.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "test_support.hpp"

using finwait::testing::run_binary;
using finwait::testing::run_cli;
using finwait::testing::temp_path;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace fs = std::filesystem;

namespace {

std::string fixture(const std::string& name) {
  return std::string(FINWAIT_SOURCE_DIR) + "/tests/conform/fixtures/" + name;
}

std::string write_bytes(const std::string& name, const std::string& bytes) {
  const std::string path = temp_path(name);
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// One line on stderr, naming `where`, and exit 2.
void check_input_error(const finwait::testing::CliRun& r, const std::string& where,
                       const std::string& what) {
  CHECK(r.status == 2);
  CHECK(r.out.empty());
  CHECK_THAT(r.err, StartsWith("finwait: error: ") && Contains(where) && Contains(what));
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
}

}  // namespace

TEST_CASE("conform: a conforming capture exits 0 and says so", "[cli][conform]") {
  const auto r = run_cli({"conform", fixture("four_way_close.pcap")});
  CHECK(r.status == 0);
  CHECK_THAT(r.out, Contains("verdict: conforms"));
  CHECK_THAT(r.out, Contains("A:FIN B:ACK B:FINACK A:ACK"));
}

TEST_CASE("conform: the first bad packet with its explanation, and the option that explains it",
          "[cli][conform]") {
  const auto r = run_cli({"conform", fixture("three_way_close.pcap")});
  CHECK(r.status == 1);
  CHECK_THAT(r.out, Contains("DOES NOT CONFORM") && Contains("first bad packet 7"));
  CHECK_THAT(r.out, Contains("packet 7: connection 10.201.0.1:41000 -> 10.201.0.2:5000"));
  CHECK_THAT(r.out, Contains("server (B) sending FINACK") &&
                        Contains("client (A) ∈ {FIN_WAIT_1} and server (B) ∈ {ESTABLISHED}"));
  CHECK_THAT(r.out, Contains("explained with --delayed-ack on"));
  // ... and under the linux profile it conforms.
  CHECK(run_cli({"conform", fixture("three_way_close.pcap"), "--profile", "linux"}).status == 0);
}

TEST_CASE("conform: sequence-level violations are explained as such", "[cli][conform]") {
  const auto r = run_cli({"conform", fixture("bad_ack_of_unsent_fin.pcap"), "--profile", "linux"});
  CHECK(r.status == 1);
  CHECK_THAT(r.out, Contains("packet 8:") && Contains("never sent"));
}

TEST_CASE("conform --json: the fields scripts rely on", "[cli][conform]") {
  const auto r = run_cli({"conform", fixture("interleaved_100.pcap"), "--abort", "on", "--json"});
  CHECK(r.status == 1);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j["packets"] == 760);
  CHECK(j["connections"] == 100);
  CHECK(j["skipped"] == 0);
  CHECK(j["conforming"] == false);
  CHECK(j["first_bad_packet"] == 13);
  CHECK(j["nonconforming_connections"] == 20);
  REQUIRE(j["bad"].size() == 20);
  const auto& b = j["bad"][0];
  CHECK(b["client"] == "10.201.0.1:41001");
  CHECK(b["server"] == "10.201.0.2:5000");
  CHECK(b["first_bad_packet"] == 13);
  CHECK_THAT(b["reason"].get<std::string>(), Contains("FINACK"));
  CHECK(b["explained_with"][0]["parameter"] == "delayed_ack");
  const auto ok = nlohmann::json::parse(
      run_cli({"conform", fixture("interleaved_100.pcap"), "--profile", "linux", "--json"}).out);
  CHECK(ok["conforming"] == true);
  CHECK(ok["first_bad_packet"].is_null());
  CHECK(ok["bad"].empty());
}

TEST_CASE("conform --witness prints a run per packet, and --trace-out replays", "[cli][conform]") {
  const std::string trace = temp_path("witness.json");
  const auto r = run_cli({"conform", fixture("simultaneous_close.pcap"), "--witness",
                          "10.201.0.1:41000", "--trace-out", trace});
  CHECK(r.status == 0);
  CHECK_THAT(r.out, Contains("witness for 10.201.0.1:41000 -> 10.201.0.2:5000: 5 letters"));
  CHECK_THAT(r.out, Contains("CLOSING"));
  const auto rep = run_cli({"replay", trace});
  CHECK(rep.status == 0);
  CHECK_THAT(rep.out, Contains("its sends are the 5 captured letters"));
  // A witness edited to claim other letters is caught by replay.
  auto j = nlohmann::json::parse(file_bytes(trace));
  j["traces"][0]["letters"][0]["letter"] = "RST";
  std::ofstream(trace) << j.dump();
  const auto bad = run_cli({"replay", trace});
  CHECK(bad.status == 1);
  CHECK_THAT(bad.out, Contains("do not spell"));
}

TEST_CASE("conform --witness: errors are one line and exit 2", "[cli][conform]") {
  check_input_error(run_cli({"conform", fixture("four_way_close.pcap"), "--witness", "nonsense"}),
                    "--witness", "ADDRESS:PORT");
  check_input_error(run_cli({"conform", fixture("four_way_close.pcap"), "--witness", "10.9.9.9:1"}),
                    "--witness", "no connection");
  check_input_error(run_cli({"conform", fixture("four_way_close.pcap"), "--trace-out",
                             temp_path("x.json")}),
                    "--trace-out", "--witness");
}

TEST_CASE("conform: bad files get one line naming the file, and exit 2", "[cli][conform]") {
  check_input_error(run_cli({"conform", write_bytes("empty.pcap", "")}), "empty.pcap", "empty");
  check_input_error(run_cli({"conform", write_bytes("text.pcap", "hello, I am not a capture\n")}),
                    "text.pcap", "not a pcap or pcapng");
  const std::string dir = temp_path("a-directory");
  fs::create_directories(dir);
  check_input_error(run_cli({"conform", dir}), dir, "directory");
  check_input_error(run_cli({"conform", temp_path("missing.pcap")}), "missing.pcap", "no such file");
  // A record cut short: the message names the packet.
  const std::string whole = file_bytes(fixture("four_way_close.pcap"));
  check_input_error(run_cli({"conform", write_bytes("cut.pcap", whole.substr(0, whole.size() - 10))}),
                    "cut.pcap: packet 9", "truncated");
  // A capture of 802.11 frames (link type 105).
  std::string wifi = whole.substr(0, 24);
  wifi[20] = 105, wifi[21] = 0, wifi[22] = 0, wifi[23] = 0;
  check_input_error(run_cli({"conform", write_bytes("wifi.pcap", wifi)}), "wifi.pcap", "link type 105");
}

namespace {

// A little-endian pcap record holding an ARP frame: a packet the reader skips as not TCP.
std::string arp_record() {
  std::string frame(42, '\0');
  frame[12] = '\x08', frame[13] = '\x06';  // EtherType ARP
  std::string record(16, '\0');
  record[8] = record[12] = static_cast<char>(frame.size());  // captured and wire lengths
  return record + frame;
}

}  // namespace

TEST_CASE("conform names the packets it skips, by number and reason", "[cli][conform]") {
  const std::string whole = file_bytes(fixture("four_way_close.pcap"));
  std::string with_arp = whole.substr(0, 24) + arp_record() + whole.substr(24);
  for (int i = 0; i < 11; ++i) with_arp += arp_record();
  const std::string path = write_bytes("with-arp.pcap", with_arp);
  const auto j = nlohmann::json::parse(run_cli({"conform", path, "--json"}).out);
  const auto packets = j["packets"].get<std::uint64_t>();
  CHECK(j["skipped"] == 12);
  const auto& listed = j["files"][0]["skipped"]["packets"];
  REQUIRE(listed.size() == 12);
  CHECK(listed[0] == nlohmann::json({{"packet", 1}, {"reason", "not TCP"}}));
  CHECK(listed[1]["packet"] == packets - 10);
  CHECK(listed[11]["packet"] == packets);
  // The text report names the first ten and says how many more there are.
  const auto r = run_cli({"conform", path});
  CHECK(r.status == 0);
  CHECK_THAT(r.out, Contains(fmt::format("skipped packets: 1 (not TCP), {} (not TCP), {} (not TCP)",
                                         packets - 10, packets - 9)) &&
                        Contains(fmt::format("{} (not TCP); 2 more (--json lists the first 100)\n",
                                             packets - 2)));
}

TEST_CASE("conform: capacity inf is refused, and the real binary's exit codes", "[cli][conform]") {
  check_input_error(run_cli({"conform", fixture("four_way_close.pcap"), "--channel", "bag",
                             "--capacity", "inf"}),
                    "--capacity", "finite");
  CHECK(run_binary("conform " + fixture("four_way_close.pcap")).status == 0);
  CHECK(run_binary("conform " + fixture("rst_closed_port.pcap")).status == 1);
  CHECK(run_binary("conform " + fixture("rst_closed_port.pcap") + " --abort on").status == 0);
}

TEST_CASE("conform --filter checks only what a BPF expression accepts", "[cli][conform]") {
  const auto r = run_cli({"conform", fixture("interleaved_100.pcap"), "--filter", "tcp port 41001",
                          "--json"});
  CHECK(r.status == 1);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j["connections"] == 1);
  CHECK(j["packets"] == 760);  // packet numbers still count every record
  CHECK(j["filtered"] == 752);
  CHECK(j["first_bad_packet"] == 13);
  check_input_error(run_cli({"conform", fixture("four_way_close.pcap"), "--filter", "tcp port"}),
                    "--filter", "syntax error");
}

TEST_CASE("conform - reads a capture from standard input", "[cli][conform]") {
  const auto ok = run_binary("conform - < " + fixture("four_way_close.pcap"));
  CHECK(ok.status == 0);
  CHECK_THAT(ok.out, Contains("-: 9 packets"));
  const auto empty = run_binary("conform - < /dev/null");
  CHECK(empty.status == 2);
  CHECK_THAT(empty.err, Contains("not a pcap or pcapng capture"));
}
