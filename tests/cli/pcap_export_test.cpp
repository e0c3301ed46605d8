// --pcap-out: the synthetic capture's sequence numbers and flags, Wireshark's reading of it,
// and the round trips of docs/verdicts.md's matrix: pcap -> conform and ITF -> replay.
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "finwait/conform/tcp_segment.hpp"
#include "pcap_export.hpp"
#include "test_support.hpp"

using finwait::testing::run_cli;
using finwait::testing::temp_path;
using Catch::Matchers::Contains;
using nlohmann::json;
namespace flag = finwait::conform::tcp_flag;
using finwait::model::Party;

namespace {

json read_json(const std::string& path) {
  std::ifstream in(path);
  REQUIRE(in);
  return json::parse(in);
}

std::vector<finwait::cli::CapturePacket> packets_of(const std::vector<std::string>& labels) {
  const finwait::model::SystemSemantics sys(finwait::model::ModelConfig{});
  return finwait::cli::capture_packets(finwait::testing::run_steps(sys, labels));
}

// One cell of docs/verdicts.md with a trace: the property, the column's flags, its length.
struct Cell {
  std::string property, column;
  std::vector<std::string> flags;
  std::size_t steps = 0;
};

std::vector<std::string> split_row(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream in(line.substr(1));
  for (std::string cell; std::getline(in, cell, '|');) {
    const auto b = cell.find_first_not_of(' '), e = cell.find_last_not_of(' ');
    if (b != std::string::npos) out.push_back(cell.substr(b, e - b + 1));
  }
  return out;
}

// "default" -> no flag; "rfc1337" -> --variant rfc1337; "time_wait none" -> --time-wait none.
std::vector<std::string> column_flags(const std::string& title) {
  if (title == "default") return {};
  if (title == "rfc1337") return {"--variant", "rfc1337"};
  std::string parameter = title.substr(0, title.find(' '));
  for (char& c : parameter) c = c == '_' ? '-' : c;
  return {"--" + parameter, title.substr(title.find(' ') + 1)};
}

// Every violated or reachable cell of the committed matrix.
std::vector<Cell> matrix_cells() {
  std::ifstream in(std::string(FINWAIT_SOURCE_DIR) + "/docs/verdicts.md");
  REQUIRE(in);
  std::vector<std::string> columns;
  std::vector<Cell> cells;
  for (std::string line; std::getline(in, line);) {
    if (!line.starts_with("| ")) continue;
    const auto row = split_row(line);
    if (row.front() == "property") columns = row;
    if (row.front() == "property" || row.size() != columns.size()) continue;
    for (std::size_t c = 1; c < row.size(); ++c)
      if (row[c].starts_with("violated (") || row[c].starts_with("reachable ("))
        cells.push_back({row[0], columns[c], column_flags(columns[c]),
                         std::stoul(row[c].substr(row[c].find('(') + 1))});
  }
  return cells;
}

std::vector<std::string> with(std::vector<std::string> args, const std::vector<std::string>& more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

// What the model sent, in order, as "A FIN": a step's segment comes from its actor, or for a
// delivery from the receiver.
std::vector<std::string> model_sends(const json& trace) {
  std::vector<std::string> out;
  for (const json& s : trace["steps"]) {
    if (s["sent"].is_null()) continue;
    const bool delivery = s["kind"] == "deliver";
    const std::string actor = s["actor"];
    out.push_back((delivery ? (actor == "A" ? "B" : "A") : actor) + " " + s["sent"].get<std::string>());
  }
  return out;
}

std::vector<std::string> witness_letters(const json& witness_file) {
  std::vector<std::string> out;
  for (const json& l : witness_file["traces"][0]["letters"])
    out.push_back(l["from"].get<std::string>() + " " + l["letter"].get<std::string>());
  return out;
}

}  // namespace

TEST_CASE("the capture numbers a four-way close as TCP would", "[cli]") {
  const auto p = packets_of({"A close", "A->B deliver FIN", "B->A deliver ACK", "B close",
                             "B->A deliver FINACK", "A->B deliver ACK"});
  REQUIRE(p.size() == 7);  // the handshake and the four sends
  const std::uint32_t a = p[0].seq, b = p[1].seq;
  CHECK(p[0].flags == flag::kSyn);
  CHECK((p[1].flags == (flag::kSyn | flag::kAck) && p[1].ack == a + 1));
  CHECK((p[2].flags == flag::kAck && p[2].seq == a + 1 && p[2].ack == b + 1));
  // A's FIN acknowledges only B's SYN; B's ACK covers A's FIN, which took one number.
  CHECK((p[3].from == Party::A && p[3].step == 1 && p[3].flags == (flag::kFin | flag::kAck)));
  CHECK((p[3].seq == a + 1 && p[3].ack == b + 1));
  CHECK((p[4].from == Party::B && p[4].step == 2 && p[4].flags == flag::kAck && p[4].ack == a + 2));
  CHECK((p[5].step == 4 && p[5].flags == (flag::kFin | flag::kAck) && p[5].seq == b + 1 && p[5].ack == a + 2));
  CHECK((p[6].step == 5 && p[6].flags == flag::kAck && p[6].seq == a + 2 && p[6].ack == b + 2));
  for (std::size_t i = 1; i < p.size(); ++i) CHECK(p[i].micros > p[i - 1].micros);
}

TEST_CASE("a retransmitted FIN keeps its number, and RST is sent at SND.NXT", "[cli]") {
  const auto p = packets_of({"A close", "A retransmit", "A->B drop FIN", "A->B deliver FIN", "B->A deliver ACK",
                             "B close", "B->A deliver FINACK"});
  REQUIRE(p.size() == 8);
  CHECK((p[3].seq == p[4].seq && p[3].flags == p[4].flags));  // the drop is not on the wire
  CHECK(p[7].ack == p[6].seq + 1);  // A's ACK from TIME_WAIT covers B's FIN
  const finwait::model::SystemSemantics aborting(finwait::testing::config_from_flags("--abort on"));
  const auto r = finwait::cli::capture_packets(finwait::testing::run_steps(aborting, {"A close", "A abort"}));
  REQUIRE(r.size() == 5);
  CHECK((r[4].flags == flag::kRst && r[4].seq == r[3].seq + 1 && r[4].ack == 0));
}

TEST_CASE("Wireshark reads the capture with valid checksums", "[cli]") {
  if (!std::filesystem::exists("/usr/bin/tshark")) {
    WARN("skipped: /usr/bin/tshark is not installed (apt-get install -y tshark)");
    return;
  }
  const std::string pcap = temp_path("tshark.pcap");
  REQUIRE(run_cli({"check", "--property", "proper-termination", "--pcap-out", pcap}).status == 1);
  const std::string out = temp_path("tshark.txt");
  const std::string command = "/usr/bin/tshark -r " + pcap +
                              " -o tcp.check_checksum:TRUE -o ip.check_checksum:TRUE -T fields "
                              "-e ip.checksum.status -e tcp.checksum.status -e tcp.flags.str > " + out + " 2>&1";
  REQUIRE(std::system(command.c_str()) == 0);
  std::ifstream in(out);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);)
    if (!line.starts_with("Running as user")) lines.push_back(line);
  REQUIRE(lines.size() == 8);  // handshake, A FIN, B FIN, B ACK, two lost FINACKs (sent: on the wire)
  for (const std::string& line : lines) CHECK(line.starts_with("1\t1\t"));  // 1 = good
  CHECK_THAT(lines[0], Contains("S"));
  CHECK_THAT(lines[3], Contains("F"));
}

TEST_CASE("simulate --pcap-out writes a capture that conforms", "[cli]") {
  const std::string pcap = temp_path("simulate.pcap");
  REQUIRE(run_cli({"simulate", "A close; B close; A->B deliver; B->A deliver FIN; B->A deliver; A->B deliver",
                   "--pcap-out", pcap}).status == 0);
  const auto r = run_cli({"conform", pcap});
  CHECK(r.status == 0);
  CHECK_THAT(r.out, Contains("verdict: conforms"));
  const std::string random = temp_path("random.pcap");
  REQUIRE(run_cli({"simulate", "--random", "30", "--seed", "7", "--dup", "on", "--pcap-out", random}).status == 0);
  CHECK(run_cli({"conform", "--dup", "on", random}).status == 0);
}

TEST_CASE("check --pcap-out says which trace it holds, or that there is none", "[cli]") {
  const std::string pcap = temp_path("choice.pcap");
  auto r = run_cli({"check", "--pcap-out", pcap});
  CHECK(r.status == 1);
  CHECK_THAT(r.err, Contains(pcap + " holds the first of the run's 2 traces (proper-termination)"));
  const std::string none = temp_path("none.pcap");
  r = run_cli({"check", "--property", "no-half-open", "--pcap-out", none});
  CHECK(r.status == 0);
  CHECK_THAT(r.err, Contains("--pcap-out: the run has no counterexample or witness; " + none + " not written"));
  CHECK_FALSE(std::filesystem::exists(none));
}

TEST_CASE("prove --pcap-out conforms under the same options", "[cli]") {
  const std::string pcap = temp_path("prove.pcap");
  REQUIRE(run_cli({"prove", "--property", "graceful", "--engine", "bmc", "--bound", "6", "--abort", "on",
                   "--pcap-out", pcap}).status == 1);
  const auto r = run_cli({"conform", "--abort", "on", pcap});
  CHECK(r.status == 0);
  CHECK_THAT(r.out, Contains("verdict: conforms"));
}

// Issue 13: every counterexample and witness of docs/verdicts.md round-trips. The capture holds
// exactly the model's sends (conform's witness reads back the same letters from the same
// endpoints, one packet each after the handshake), and the ITF replays with the same length.
TEST_CASE("every trace of the verdict matrix round-trips: pcap -> conform, ITF -> replay", "[cli]") {
  const std::vector<Cell> cells = matrix_cells();
  REQUIRE(cells.size() >= 60);
  std::size_t conforming = 0, replaying = 0;
  for (const Cell& cell : cells) {
    INFO(cell.property << " in column " << cell.column);
    const std::string pcap = temp_path("rt.pcap"), itf = temp_path("rt.itf.json"), trace = temp_path("rt.json");
    const auto check = run_cli(with({"check", "--property", cell.property, "--pcap-out", pcap, "--itf", itf,
                                     "--trace-out", trace}, cell.flags));
    REQUIRE(check.status != 2);
    const json model_trace = read_json(trace)["traces"][0];
    REQUIRE(model_trace["steps"].size() == cell.steps);
    const std::string witness = temp_path("rt-witness.json");
    const auto conform = run_cli(with({"conform", pcap, "--witness", "10.201.0.1:41000", "--trace-out", witness},
                                      cell.flags));
    CHECK(conform.status == 0);
    if (conform.status == 0 && witness_letters(read_json(witness)) == model_sends(model_trace)) ++conforming;
    const auto replay = run_cli({"replay", itf});
    CHECK(replay.status == 0);
    if (replay.status == 0 && replay.out.find("replays, " + std::to_string(cell.steps) + " steps") != std::string::npos)
      ++replaying;
  }
  CHECK(conforming == cells.size());
  CHECK(replaying == cells.size());
}
