// `finwait prove` as a user sees it: verdict lines, replayed traces, invariants, JSON, and
// one-line errors with exit status 2.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "test_support.hpp"

using finwait::testing::run_binary;
using finwait::testing::run_cli;
using Catch::Matchers::Contains;

TEST_CASE("prove: verdicts, counterexamples as long as the explorer's, exit 1", "[cli][smt]") {
  const auto r = run_cli({"prove", "--property", "graceful", "--reach", "A = TIME_WAIT and B = TIME_WAIT"});
  CHECK(r.status == 1);
  CHECK_THAT(r.out, Contains("graceful") && Contains("violated") && Contains("counterexample: 4 steps"));
  CHECK_THAT(r.out, Contains("reach A = TIME_WAIT and B = TIME_WAIT") && Contains("witness: 6 steps"));
  CHECK_THAT(r.out, Contains("A giveup"));  // the step table of the counterexample
}

TEST_CASE("prove --show-invariant prints the invariant in the model's words, exit 0", "[cli][smt]") {
  const auto r = run_cli({"prove", "--channel", "bag", "--capacity", "inf", "--property",
                          "no-unexpected", "--engine", "pdr", "--show-invariant"});
  CHECK(r.status == 0);
  CHECK_THAT(r.out, Contains("no-unexpected") && Contains("holds") && Contains("pdr"));
  CHECK_THAT(r.out, Contains("inductive invariant") && Contains("A.st = ESTABLISHED implies"));
  CHECK_THAT(r.out, Contains("what holds here holds at every capacity"));
}

TEST_CASE("prove --show-certificate prints a temporal proof's k-liveness certificate, exit 0",
          "[cli][smt]") {
  const auto r = run_cli({"prove", "--property", "no-close-wait-hang", "--engine", "pdr", "--show-certificate"});
  CHECK(r.status == 0);
  CHECK_THAT(r.out, Contains("no-close-wait-hang") && Contains("holds") && Contains("k-liveness"));
  CHECK_THAT(r.out, Contains("== no-close-wait-hang: certificate (k-liveness)"));
  CHECK_THAT(r.out, Contains("no run completes more than 0 round(s)") && Contains("rounds <= 0"));
  const auto j = run_cli({"prove", "--property", "no-close-wait-hang", "--engine", "pdr", "--show-certificate", "--json"});
  CHECK_THAT(nlohmann::json::parse(j.out)["properties"][0]["certificate"].get<std::string>(),
             Contains("rounds <= 0"));
}

TEST_CASE("prove --fin-wait-2-timeout on: terminates holds, with a fair ranking certificate, exit 0",
          "[cli][smt]") {
  const auto r = run_cli({"prove", "--fin-wait-2-timeout", "on", "--property", "terminates", "--show-certificate"});
  CHECK(r.status == 0);
  CHECK_THAT(r.out, Contains("terminates") && Contains("holds") && Contains("ranking"));
  CHECK_THAT(r.out, Contains("== terminates: certificate (ranking)"));
  CHECK_THAT(r.out, Contains("No fair run stays forever in: not (A = CLOSED and B = CLOSED)"));
  CHECK_THAT(r.out, Contains("fw2-timeout(A) (weak fairness)"));
}

TEST_CASE("prove at capacity inf: a counterexample is replayed at a finite capacity", "[cli][smt]") {
  const auto r = run_cli({"prove", "--channel", "bag", "--capacity", "inf", "--property",
                          "graceful", "--json"});
  CHECK(r.status == 1);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j["config"]["capacity"] == "inf");
  const auto& p = j["properties"][0];
  CHECK(p["verdict"] == "violated");
  CHECK(p["steps"] == 4);
  CHECK(p["replay_capacity"].get<int>() >= 1);
}

TEST_CASE("prove: a lasso for a temporal claim", "[cli][smt]") {
  const auto r = run_cli({"prove", "--property", "terminates", "--engine", "bmc", "--bound", "12"});
  CHECK(r.status == 1);
  CHECK_THAT(r.out, Contains("lasso-bmc") && Contains("lasso: 9 steps, cycle from step 9"));
  CHECK_THAT(r.out, Contains("why the cycle is fair, and what it may ignore:"));
}

TEST_CASE("prove: bounded search without an answer, or a timeout, is unknown with exit 3",
          "[cli][smt]") {
  const auto bounded = run_cli({"prove", "--property", "no-unexpected", "--engine", "bmc", "--bound", "3"});
  CHECK(bounded.status == 3);
  CHECK_THAT(bounded.out, Contains("unknown") && Contains("no violation within 3 steps"));
  const auto timeout = run_binary("prove --channel bag --capacity inf --dup on --property "
                                  "proper-termination --engine pdr --timeout 0.5");
  CHECK(timeout.status == 3);
  CHECK_THAT(timeout.out, Contains("unknown") && Contains("timeout"));
}

TEST_CASE("prove: bad input is one line and exit 2", "[cli][smt]") {
  struct Case { std::vector<std::string> args; const char* message; };
  for (const auto& c : {Case{{"prove", "--engine", "magic"}, "--engine: unknown engine 'magic', expected bmc|kind|pdr|ranking|auto"},
                        Case{{"prove", "--capacity", "inf"}, "--capacity: capacity inf needs bag channels"},
                        Case{{"check", "--channel", "bag", "--capacity", "inf"}, "capacity inf has no explicit state space"},
                        Case{{"prove", "--capacity", "0"}, "--capacity: invalid value '0', expected a whole number >= 1 or inf"},
                        Case{{"prove", "--property", "no-such-property"}, "no-such-property"},
                        Case{{"prove", "--max-memory", "1M"}, "--max-memory: 1048576 bytes is below the 64M Z3 needs to start"}}) {
    const auto r = run_cli(c.args);
    INFO(r.err);
    CHECK(r.status == 2);
    CHECK_THAT(r.err, Contains(c.message));
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  }
}

TEST_CASE("prove --trace-out writes Z3's traces for `finwait replay`, also at capacity inf",
          "[cli][smt]") {
  const std::string file = finwait::testing::temp_path("prove-traces.json");
  const auto r = run_cli({"prove", "--channel", "bag", "--capacity", "inf", "--engine", "bmc",
                          "--bound", "12", "--property", "graceful", "--property",
                          "proper-termination", "--reach", "A = CLOSING", "--trace-out", file});
  CHECK(r.status == 1);
  const auto replayed = run_cli({"replay", file});
  CHECK(replayed.status == 0);
  CHECK_THAT(replayed.out, Contains("trace 1 (property graceful): replays, 4 steps"));
  CHECK_THAT(replayed.out, Contains("trace 2 (property proper-termination): replays, 10 steps"));
  CHECK_THAT(replayed.out, Contains("trace 3 (query A = CLOSING): replays"));
}
