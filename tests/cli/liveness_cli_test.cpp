// The command line for temporal properties: files, lassos in text and JSON, replay of lassos.
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

#include "test_support.hpp"

using finwait::testing::run_cli;
using finwait::testing::temp_path;
using Catch::Matchers::Contains;

TEST_CASE("check: a temporal property gives a lasso with its fairness explained", "[cli]") {
  const auto r = run_cli({"check", "--property", "terminates"});
  CHECK(r.status == 1);
  CHECK_THAT(r.out, Contains("terminates") && Contains("violated (lasso: 9 steps, cycle from step 9)"));
  CHECK_THAT(r.out, Contains("<-- cycle starts here") && Contains("(then steps 9..9 repeat forever)"));
  CHECK_THAT(r.out, Contains("why the cycle is fair, and what it may ignore:") && Contains("stops here forever"));
}

TEST_CASE("check --json: lassos carry cycle_start and notes", "[cli]") {
  const auto r = run_cli({"check", "--json", "--property", "no-close-wait-hang-lazy-app",
                          "--property", "no-close-wait-hang"});
  REQUIRE(r.status == 1);
  const auto j = nlohmann::json::parse(r.out);
  const auto& lazy = j["properties"][0];
  CHECK(lazy["verdict"] == "violated");
  CHECK(lazy["cycle_start"] == 3);  // three steps to CLOSE_WAIT, then idling forever
  CHECK(lazy["trace"][3]["label"] == "idle");
  CHECK_FALSE(lazy["notes"].empty());
  CHECK(j["properties"][1]["verdict"] == "holds");
  CHECK(j["properties"][1]["cycle_start"].is_null());
}

TEST_CASE("check --property FILE reads a property file", "[cli]") {
  const std::string file = temp_path("eventually-time-wait.prop");
  std::ofstream(file) << "# A eventually reaches TIME_WAIT (it need not: it may be reset).\n"
                         "claim: eventually A = TIME_WAIT\n";
  const auto r = run_cli({"check", "--property", file});
  CHECK(r.status == 1);
  // B closes first and A follows the passive path: A never sees TIME_WAIT.
  CHECK_THAT(r.out, Contains("eventually-time-wait") && Contains("violated (lasso"));
  std::ofstream(file) << "claim: always (A != LAST_ACK or B != LAST_ACK)\n";
  CHECK(run_cli({"check", "--property", file}).status == 0);
}

TEST_CASE("a broken property file: one line with file:line:col, exit 2", "[cli]") {
  const std::string file = temp_path("broken.prop");
  std::ofstream(file) << "# broken\nclaim: eventually (A = CLOSED and\n   B = CLOSD)\n";
  const auto r = run_cli({"check", "--property", file});
  CHECK(r.status == 2);
  CHECK(r.err == "finwait: error: " + file + ":3:8: expected a TCP state such as FIN_WAIT_2, found 'CLOSD'\n");
  CHECK(run_cli({"check", "--property", "/nonexistent/x.prop"}).status == 2);
}

TEST_CASE("replay re-checks lassos and rejects a tampered cycle", "[cli]") {
  const std::string file = temp_path("lasso.json");
  REQUIRE(run_cli({"check", "--property", "terminates", "--property", "no-fin-wait-2-hang", "--dup", "on",
                   "--trace-out", file}).status == 1);
  auto r = run_cli({"replay", file});
  CHECK(r.status == 0);
  CHECK_THAT(r.out, Contains("a fair lasso on which the claim fails"));
  nlohmann::json j;
  std::ifstream(file) >> j;
  // Start the cycle at 0: the run no longer returns to where its cycle starts.
  j["traces"][0]["cycle_start"] = 0;
  std::ofstream(file) << j.dump();
  r = run_cli({"replay", file});
  CHECK(r.status == 1);
  CHECK_THAT(r.out, Contains("the cycle does not return to the state where it starts"));
}

TEST_CASE("replay notices a cycle that is not fair", "[cli]") {
  // A lasso for terminates that idles in the initial state is a run of the model, but weak
  // fairness of close(A) forbids idling while A may close.
  const std::string file = temp_path("unfair.json");
  REQUIRE(run_cli({"check", "--property", "terminates", "--trace-out", file}).status == 1);
  nlohmann::json j;
  std::ifstream(file) >> j;
  auto idle = j["traces"][0]["steps"].back();
  idle["state"] = j["traces"][0]["initial"];
  j["traces"][0]["steps"] = nlohmann::json::array({idle});
  j["traces"][0]["cycle_start"] = 0;
  std::ofstream(file) << j.dump();
  const auto r = run_cli({"replay", file});
  CHECK(r.status == 1);
  CHECK_THAT(r.out, Contains("the cycle is unfair: close(A) stays enabled and is never taken"));
}

TEST_CASE("a temporal property on a partial graph is unknown, not a bogus lasso", "[cli]") {
  // Bug: with --max-states the frontier states, never expanded, looked like deadlocks where a
  // run may stop forever, and a lasso ending there was reported (the self-check caught it).
  const auto r = run_cli({"check", "--property", "terminates", "--max-states", "500"});
  CHECK(r.status == 3);
  CHECK_THAT(r.out, Contains("terminates") && Contains("unknown"));
  CHECK(r.err.empty());
}
