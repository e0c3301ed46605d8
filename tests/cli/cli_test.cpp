// The command line as a user meets it: exit codes, messages, JSON, trace files.
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

#include "test_support.hpp"

using finwait::testing::run_binary;
using finwait::testing::run_cli;
using finwait::testing::temp_path;
using Catch::Matchers::Contains;
using Catch::Matchers::Matches;

TEST_CASE("check: violated properties give exit 1 and a status block", "[cli]") {
  const auto r = run_cli({"check"});
  CHECK(r.status == 1);
  CHECK_THAT(r.out, Contains("no-unexpected") && Contains("holds (2,962 states"));
  CHECK_THAT(r.out, Contains("graceful") && Contains("violated (counterexample: 4 steps)"));
  CHECK_THAT(r.out, Contains("warning:") && Contains("full channel"));
  // the message sequence chart: A's FIN leaves A, then is lost to the full channel
  CHECK_THAT(r.out, Contains("FIN ----") && Contains("FIN --x (full)"));
}

TEST_CASE("check: all holding gives exit 0", "[cli]") {
  const auto r = run_cli({"check", "--property", "no-unexpected", "--property", "proper-termination",
                          "--fin-wait-2-timeout", "on"});
  CHECK(r.status == 0);
  CHECK_THAT(r.out, Contains("proper-termination") && Contains("holds"));
}

TEST_CASE("check: reachability queries answer with a witness and do not fail the run", "[cli]") {
  const auto r = run_cli({"check", "--property", "no-unexpected", "--reach",
                          "A=TIME_WAIT and B=TIME_WAIT", "--reach", "A=LAST_ACK and B=LAST_ACK"});
  CHECK(r.status == 0);
  CHECK_THAT(r.out, Contains("reachable (witness: 6 steps)"));
  CHECK_THAT(r.out, Contains("unreachable"));
}

TEST_CASE("check: limits stop cleanly with unknown verdicts and exit 3", "[cli]") {
  const auto r = run_cli({"check", "--property", "no-unexpected", "--max-states", "100"});
  CHECK(r.status == 3);
  CHECK_THAT(r.out, Contains("stopped by --max-states") && Contains("unknown"));
}

TEST_CASE("check --json has the documented fields", "[cli]") {
  const auto r = run_cli({"check", "--json", "--property", "no-unexpected", "proper-termination",
                          "graceful", "--reach", "A=CLOSING"});
  REQUIRE(r.status == 1);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j["config"]["capacity"] == 2);
  CHECK(j["config"]["time_wait"] == "drain");
  for (const char* key : {"states", "transitions", "depth", "deadlocks", "full_channel_sends",
                          "seconds", "peak_rss_bytes"})
    CHECK(j["stats"].contains(key));
  CHECK(j["stats"]["states"] == 2962);
  REQUIRE(j["properties"].size() == 3);
  for (const auto& p : j["properties"]) {
    CHECK(p.contains("name"));
    CHECK(p.contains("verdict"));
    CHECK(p.contains("steps"));
    CHECK(p.contains("trace"));
  }
  const auto& q = j["queries"][0];
  CHECK(q["verdict"] == "reachable");
  CHECK(q["steps"] == 3);
  CHECK(q["trace"][0]["label"] == "A close");
  CHECK(q["trace"][2]["state"]["A"]["st"] == "CLOSING");
}

TEST_CASE("check --trace-out writes traces that replay", "[cli]") {
  const std::string file = temp_path("traces.json");
  for (const char* flags : {"", "--channel bag --dup on", "--retries inf", "--abort on"}) {
    INFO(flags);
    std::vector<std::string> args = {"check", "--trace-out", file, "--property", "no-unexpected",
                                     "proper-termination", "graceful", "--reach", "B.why=reset"};
    std::istringstream in(flags);
    for (std::string w; in >> w;) args.push_back(w);
    REQUIRE(run_cli(args).status == 1);
    const auto r = run_cli({"replay", file});
    CHECK(r.status == 0);
    CHECK_THAT(r.out, Contains("replays"));
    CHECK_THAT(r.out, !Contains("does not"));
  }
}

TEST_CASE("replay fails loudly on a tampered trace", "[cli]") {
  const std::string file = temp_path("tampered.json");
  REQUIRE(run_cli({"check", "--property", "graceful", "--trace-out", file}).status == 1);
  nlohmann::json j;
  std::ifstream(file) >> j;
  j["traces"][0]["steps"][1]["kind"] = "giveup";  // giveup while retx = 0 < R is not enabled
  j["traces"][0]["steps"][1]["letter"] = nullptr;
  std::ofstream(file) << j.dump();
  const auto r = run_cli({"replay", file});
  CHECK(r.status == 1);
  CHECK_THAT(r.out, Contains("step 2 'A giveup' is not enabled; enabled steps: A retransmit"));
}

TEST_CASE("replay checks that a trace ends in what it claims", "[cli]") {
  const std::string file = temp_path("claim.json");
  REQUIRE(run_cli({"check", "--property", "graceful", "--trace-out", file}).status == 1);
  nlohmann::json j;
  std::ifstream(file) >> j;
  j["traces"][0]["steps"].erase(3);  // drop the final giveup: still a run, no longer a violation
  std::ofstream(file) << j.dump();
  const auto r = run_cli({"replay", file});
  CHECK(r.status == 1);
  CHECK_THAT(r.out, Contains("replays, but it does not end in a violation of graceful"));
}

TEST_CASE("simulate answers the FIN_WAIT_2 exam question", "[cli]") {
  const auto r = run_cli({"simulate", "A close; A->B deliver; B->A deliver"});
  CHECK(r.status == 0);
  CHECK_THAT(r.out, Contains("after 3 steps: A is FIN_WAIT_2, B is CLOSE_WAIT"));
}

TEST_CASE("simulate rejects a step that is not enabled, listing the enabled ones", "[cli]") {
  const auto r = run_cli({"simulate", "A close; B->A deliver"});
  CHECK(r.status == 1);
  CHECK_THAT(r.out, Contains("step 2 'B->A deliver' is not enabled") &&
                        Contains("enabled steps: A retransmit, B close, A->B deliver FIN, A->B drop FIN"));
}

TEST_CASE("simulate asks which step when several match", "[cli]") {
  const auto r = run_cli({"simulate", "A close; A retransmit; A->B drop", "--dup", "on"});
  CHECK(r.status == 0);  // both FINs form one run: one successor
  // In a bag B->A holds {FIN, ACK} after B receives A's FIN in FIN_WAIT_1: either may arrive.
  const auto bag = run_cli({"simulate", "A close; B close; A->B deliver; B->A deliver",
                            "--channel", "bag"});
  CHECK(bag.status == 2);
  CHECK_THAT(bag.err, Contains("step 4: 'B->A deliver' is ambiguous here; say which: "
                               "B->A deliver FIN, B->A deliver ACK"));
}

TEST_CASE("bad input: one line naming the flag, value or step, exit 2", "[cli]") {
  struct Case {
    std::vector<std::string> args;
    const char* message;
  };
  const Case cases[] = {
      {{"check", "--capacity", "0"}, "finwait: error: --capacity: invalid value '0', expected a whole number >= 1"},
      {{"check", "--retries", "lots"}, "--retries: invalid value 'lots'"},
      {{"check", "--time-wait", "forever"}, "--time-wait: invalid value 'forever', expected drain|any|none"},
      {{"check", "--channel", "pipe"}, "--channel: invalid value 'pipe', expected fifo|bag"},
      {{"check", "--capacity", "31"}, "--capacity: capacity 31 is above the explicit model's limit of 30"},
      {{"check", "--property", "liveness"}, "--property: unknown property 'liveness'"},
      {{"check", "--reach", "A=FIN_WAIT_3"}, "--reach \"A=FIN_WAIT_3\":3: expected a TCP state"},
      {{"check", "--reach", "A=CLOSED and"}, "--reach \"A=CLOSED and\":13: expected an endpoint A or B at end of input"},
      {{"check", "--max-memory", "lots"}, "--max-memory: invalid size 'lots'"},
      {{"check", "--bogus"}, "finwait: error:"},
      {{"simulate", "A fly"}, "step 1: unknown step kind 'fly'"},
      {{"simulate", "A deliver"}, "step 1: 'deliver' is a network step"},
      {{"replay", "/nonexistent/trace.json"}, "/nonexistent/trace.json: cannot open the trace file: No such file or directory"},
  };
  for (const Case& c : cases) {
    INFO(c.args[0] << " " << c.args[1]);
    const auto r = run_cli(c.args);
    CHECK(r.status == 2);
    CHECK_THAT(r.err, Contains(c.message));
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK(r.out.empty());
  }
}

TEST_CASE("replay rejects a file that is not a trace file", "[cli]") {
  const std::string file = temp_path("not-a-trace.json");
  std::ofstream(file) << "{ not json";
  auto r = run_cli({"replay", file});
  CHECK(r.status == 2);
  CHECK_THAT(r.err, Contains(file + ": not a finwait trace file"));
  std::ofstream(file) << R"({"format": "finwait-trace", "config": {"capacity": "0"}, "traces": []})";
  r = run_cli({"replay", file});
  CHECK(r.status == 2);
  CHECK_THAT(r.err, Contains("config.capacity: invalid value '0'"));
}

TEST_CASE("the binary's exit codes are what a shell sees", "[cli]") {
  CHECK(run_binary("check --property no-unexpected").status == 0);
  CHECK(run_binary("check").status == 1);
  const auto bad = run_binary("check --loss maybe");
  CHECK(bad.status == 2);
  CHECK_THAT(bad.err, Matches("finwait: error: --loss: invalid value 'maybe', expected on\\|off\n"));
  CHECK(run_binary("check --max-states 10 --property no-unexpected").status == 3);
  CHECK(run_binary("--help").status == 0);
}
