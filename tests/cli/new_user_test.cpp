// What a new user tripped over (issue 12), one test per observation: each failed before the
// fix and passes now.
#include <catch2/catch.hpp>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "test_support.hpp"

using finwait::testing::run_cli;
using finwait::testing::temp_path;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

// Observation 1: a query alone used to check the three default properties too (68 lines,
// exit 1, the answer at line 49).
TEST_CASE("a reachability query alone checks only the query", "[cli]") {
  const auto r = run_cli({"check", "--reach", "A=TIME_WAIT and B=TIME_WAIT"});
  CHECK(r.status == 0);
  CHECK_THAT(r.out, Contains("reach A=TIME_WAIT and B=TIME_WAIT") && Contains("reachable (witness: 6 steps)"));
  CHECK_THAT(r.out, !Contains("no-unexpected") && !Contains("graceful"));
  const auto p = run_cli({"prove", "--reach", "A=CLOSING and B=CLOSING", "--engine", "bmc", "--bound", "8"});
  CHECK(p.status == 0);
  CHECK_THAT(p.out, Contains("reach A=CLOSING and B=CLOSING") && !Contains("proper-termination"));
}

// Observation 2: a trace whose property file is gone replayed with exit 0 ("unknown here").
TEST_CASE("replay stops with exit 2 when a trace's property file is gone", "[cli]") {
  const std::string prop = temp_path("gone.prop");
  {
    std::ofstream f(prop);
    f << "# never CLOSING\nclaim: always not A = CLOSING\n";
  }
  const std::string traces = temp_path("gone.json");
  REQUIRE(run_cli({"check", "--property", prop, "--trace-out", traces}).status == 1);
  std::remove(prop.c_str());
  const auto r = run_cli({"replay", traces});
  CHECK(r.status == 2);
  CHECK_THAT(r.err, Contains(traces + ": trace 1: cannot re-check property '") && Contains("gone.prop: cannot open"));
}

// Observation 4: typos and repeats got CLI11's generic messages, and there was no --version.
TEST_CASE("typos get a suggestion, repeats a clear message, and --version answers", "[cli]") {
  const auto sub = run_cli({"chek"});
  CHECK(sub.status == 2);
  CHECK_THAT(sub.err, Contains("unknown subcommand 'chek'; did you mean 'check'?"));
  const auto flag = run_cli({"check", "--propety", "terminates"});
  CHECK(flag.status == 2);
  CHECK_THAT(flag.err, Contains("'check' has no option --propety; did you mean '--property'?"));
  const auto twice = run_cli({"check", "--capacity", "3", "--capacity=4"});
  CHECK(twice.status == 2);
  CHECK_THAT(twice.err, Contains("--capacity is given more than once"));
  const auto version = run_cli({"--version"});
  CHECK(version.status == 0);
  CHECK_THAT(version.out, StartsWith("finwait ") && Contains("JSON schema"));
}

TEST_CASE("finwait properties lists the library, one line each", "[cli]") {
  const auto r = run_cli({"properties"});
  CHECK(r.status == 0);
  CHECK_THAT(r.out, Contains("terminates") && Contains("temporal") && Contains("Both endpoints eventually reach CLOSED"));
  const auto names = run_cli({"properties", "--names"});
  std::istringstream in(names.out);
  int lines = 0;
  for (std::string line; std::getline(in, line);) {
    ++lines;
    CHECK(line.find(' ') == std::string::npos);
  }
  CHECK(lines >= 11);
}

// Observation 5: at capacity >= 4 the step table lost its columns, and "[FIN ACK]" (two
// segments) read like Wireshark's "[FIN, ACK]" (one segment's flags).
TEST_CASE("step tables stay aligned at any capacity and show one bracket per segment", "[cli]") {
  const auto r = run_cli({"simulate", "--capacity", "6", "--retries", "5",
                          "A close; A retransmit; A retransmit; A retransmit; A retransmit; A retransmit; B close"});
  REQUIRE(r.status == 0);
  CHECK_THAT(r.out, Contains("[FIN][FIN][FIN][FIN][FIN][FIN]"));
  std::istringstream in(r.out);
  std::string header;
  std::getline(in, header);
  const std::size_t column = header.find("B->A");
  REQUIRE(column != std::string::npos);
  for (std::string line; std::getline(in, line) && !line.empty();) {
    INFO(line);
    CHECK(line.size() > column);
    CHECK(line[column - 1] == ' ');
    CHECK(line[column] != ' ');
  }
}

// Observation 8: check printed no cause line, and a lasso's notes did not name the unfair
// step the run ignores.
TEST_CASE("check prints the cause and names the step a lasso may ignore", "[cli]") {
  const auto r = run_cli({"check", "--property", "no-close-wait-hang-lazy-app"});
  CHECK(r.status == 1);
  CHECK_THAT(r.out, Contains("cause: A stays in CLOSE_WAIT forever: its application never closes"));
  CHECK_THAT(r.out, Contains("close(A) stays enabled and is never taken ('A close')"));
  const auto j = nlohmann::json::parse(run_cli({"check", "--json", "--property", "graceful"}).out);
  CHECK(j["properties"][0]["cause"].is_string());
}

// Observation 3: --max-memory 150M ended "holds", exit 0, at 185 MB: the liveness phase ran
// past the limit, and the reported time and memory were the exploration's alone. Here the
// exploration peaks near 80 MB and the product search needs about 240 MB more.
TEST_CASE("the memory limit covers the liveness phase, and stats are the process's", "[cli]") {
  const auto r = run_cli({"check", "--capacity", "4", "--dup", "on", "--property", "no-fin-wait-2-hang",
                          "--property", "no-unexpected", "--max-memory", "150M"});
  CHECK(r.status == 3);
  CHECK_THAT(r.out, Contains("stopped by --max-memory in the liveness phase"));
  CHECK_THAT(r.out, Contains("no-fin-wait-2-hang   unknown (the product of"));
  CHECK_THAT(r.out, Contains("no-unexpected        holds"));
  const auto j = nlohmann::json::parse(
      run_cli({"check", "--property", "terminates", "--capacity", "3", "--json"}).out);
  const auto& st = j["stats"];
  CHECK(st["product_nodes"].get<std::uint64_t>() > 0);
  CHECK(st["seconds"].get<double>() >= st["exploration_seconds"].get<double>() + st["liveness_seconds"].get<double>());
  CHECK(st["peak_rss_bytes"].get<std::uint64_t>() >= st["exploration_peak_rss_bytes"].get<std::uint64_t>());
}

// Observation 3, prove's side: its report had no time or memory of the run at all, and no
// limit on the whole run's time.
TEST_CASE("prove reports the process's time and memory and honours a limit on the whole run", "[cli][smt]") {
  const auto r = run_cli({"prove", "--property", "graceful", "--engine", "bmc"});
  CHECK(r.status == 1);
  CHECK_THAT(r.out, Contains("the whole run: ") && Contains("peak memory"));
  // The run's time is spent before the second property starts: it is unknown, not proved.
  const auto limited = run_cli({"prove", "--property", "graceful", "--property", "no-unexpected",
                                "--max-seconds", "0.001", "--json"});
  CHECK(limited.status == 3);
  const auto j = nlohmann::json::parse(limited.out);
  for (const auto& p : j["properties"]) {
    CHECK(p["verdict"] == "unknown");
    CHECK(p["engine"] == "none");
    CHECK(p["notes"][0] == "not started: the run reached --max-seconds");
  }
}
