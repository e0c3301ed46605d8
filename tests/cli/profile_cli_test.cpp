// --profile and --delayed-ack on every subcommand that takes model options.
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

#include "test_support.hpp"

using finwait::testing::run_cli;
using finwait::testing::temp_path;
using Catch::Matchers::Contains;

namespace {
// Reachable only if B may take A's FIN without acknowledging it (with loss off, an ACK
// that B sent stays in B->A until A takes it and leaves FIN_WAIT_1).
const char* kSilentCloseWait =
    "A = FIN_WAIT_1 and B = CLOSE_WAIT and count(A->B) = 0 and count(B->A) = 0";
}  // namespace

TEST_CASE("profile linux sets TRACES.md's options, and explicit flags override it", "[cli]") {
  const auto r = run_cli({"check", "--profile", "linux", "--abort", "off", "--property",
                          "no-unexpected", "--json"});
  REQUIRE(r.status == 0);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j["config"]["abort"] == "off");  // the explicit flag wins
  CHECK(j["config"]["retries"] == "inf");
  CHECK(j["config"]["fin_wait_2_timeout"] == "on");
  CHECK(j["config"]["delayed_ack"] == "on");
  // the order of flags does not matter
  const auto r2 = run_cli({"check", "--abort", "off", "--profile", "linux", "--property",
                           "no-unexpected", "--json"});
  CHECK(nlohmann::json::parse(r2.out)["config"] == j["config"]);
}

TEST_CASE("profile: an unknown name is one line and exit 2", "[cli]") {
  const auto r = run_cli({"check", "--profile", "bsd"});
  CHECK(r.status == 2);
  CHECK_THAT(r.err, Contains("--profile") && Contains("rfc793|linux"));
}

TEST_CASE("check and prove agree that delayed ACKs make a silent CLOSE_WAIT reachable",
          "[cli][smt]") {
  for (const char* delayed : {"off", "on"}) {
    INFO("--delayed-ack " << delayed);
    const bool reachable = std::string(delayed) == "on";
    const auto c = run_cli({"check", "--loss", "off", "--delayed-ack", delayed, "--property",
                            "no-unexpected", "--reach", kSilentCloseWait});
    CHECK(c.status == 0);
    CHECK_THAT(c.out, Contains(reachable ? "reachable (witness: 2 steps)" : "unreachable"));
    // A query alone is checked alone (issue 12); JSON lists it under "queries", by its text.
    const auto p = run_cli({"prove", "--loss", "off", "--delayed-ack", delayed, "--reach", kSilentCloseWait,
                            "--timeout", std::to_string(finwait::testing::time_budget(120)), "--json"});
    const auto j = nlohmann::json::parse(p.out);
    REQUIRE(j["properties"].empty());
    REQUIRE(j["queries"].size() == 1);
    const auto& query = j["queries"][0];
    CHECK(query["name"] == kSilentCloseWait);
    CHECK(query["verdict"] == (reachable ? "reachable" : "unreachable"));
    if (reachable) CHECK(query["steps"] == 2);
  }
}

TEST_CASE("simulate: 'deliver FIN, ACK delayed' is the deferred-ACK delivery", "[cli]") {
  const auto r = run_cli({"simulate", "--delayed-ack", "on",
                          "A close; A->B deliver FIN, ACK delayed; B close; B->A deliver FINACK"});
  REQUIRE(r.status == 0);
  CHECK_THAT(r.out, Contains("A->B deliver FIN, ACK delayed"));
  CHECK_THAT(r.out, Contains("TIME_WAIT"));
  // Without the option the deferred delivery does not exist.
  const auto off = run_cli({"simulate", "A close; A->B deliver FIN, ACK delayed"});
  CHECK(off.status == 1);
  CHECK_THAT(off.out, Contains("is not enabled"));
}

TEST_CASE("replay re-executes a delayed-ACK witness written by check", "[cli]") {
  const std::string file = temp_path("delayed.json");
  const auto c = run_cli({"check", "--loss", "off", "--delayed-ack", "on", "--property",
                          "no-unexpected", "--reach", kSilentCloseWait, "--trace-out", file});
  REQUIRE(c.status == 0);
  const auto r = run_cli({"replay", file});
  CHECK(r.status == 0);
  CHECK_THAT(r.out, Contains("replays, 2 steps"));
  // Tampering with the flag breaks the replay.
  std::ifstream in(file);
  auto j = nlohmann::json::parse(in);
  in.close();
  j["traces"][0]["steps"][1].erase("ack_delayed");
  std::ofstream(file) << j.dump();
  const auto bad = run_cli({"replay", file});
  CHECK(bad.status == 1);
  CHECK_THAT(bad.out, Contains("does not replay"));
}
