// Explorer and Z3 on a grid of configurations (MODEL.md's parameters varied singly and in
// pairs): the same verdicts, and BMC's shortest counterexamples and witnesses as long as the
// explorer's breadth-first ones. Every Z3 trace has been replayed inside the engine; it is
// replayed here once more through the public function.
#include <catch2/catch.hpp>

#include "finwait/checker/symbolic/prove.hpp"
#include "test_support.hpp"

using namespace finwait;
using checker::Verdict;
using checker::symbolic::Engine;

namespace {

struct Change {
  std::string parameter, flags;
};

const std::vector<Change>& single_changes() {
  static const std::vector<Change> all = {
      {"closers", "--closers A"},         {"abort", "--abort on"},
      {"channel", "--channel bag"},       {"capacity", "--capacity 1"},
      {"capacity", "--capacity 3"},       {"loss", "--loss off"},
      {"dup", "--dup on"},                {"retries", "--retries 0"},
      {"retries", "--retries 1"},         {"retries", "--retries inf"},
      {"time_wait", "--time-wait any"},   {"time_wait", "--time-wait none"},
      {"variant", "--variant rfc1337"},   {"fin_wait_2_timeout", "--fin-wait-2-timeout on"}};
  return all;
}

// TRACES.md's delayed-ACK extension, alone, in the linux profile and with the changes it
// interacts with (abort, reordering, give-up, a full channel). Kept apart from the pairs
// above so that those stay the same configurations: --capacity 3 is left out because Spacer
// does not finish no-unexpected there within the test's time (issue 10).
const char* const kDelayedAckConfigs[] = {
    "--delayed-ack on", "--profile linux", "--delayed-ack on --abort on",
    "--delayed-ack on --channel bag", "--delayed-ack on --retries 0",
    "--delayed-ack on --capacity 1"};

// The defaults, every single change, every second pair of changes to different
// parameters, and the delayed-ACK configurations.
std::vector<std::string> grid() {
  std::vector<std::string> out{""};
  const auto& s = single_changes();
  for (const auto& c : s) out.push_back(c.flags);
  int pair = 0;
  for (std::size_t i = 0; i < s.size(); ++i)
    for (std::size_t j = i + 1; j < s.size(); ++j)
      if (s[i].parameter != s[j].parameter && pair++ % 2 == 0)
        out.push_back(s[i].flags + " " + s[j].flags);
  out.insert(out.end(), std::begin(kDelayedAckConfigs), std::end(kDelayedAckConfigs));
  return out;
}

const char* const kQueries[] = {"A = TIME_WAIT and B = TIME_WAIT", "A = CLOSING", "B = LAST_ACK and A = LAST_ACK"};

// One quarter of the grid (configurations i with i % 4 == slice), so that CTest runs the
// quarters in parallel.
void compare_slice(int slice) {
  const auto configs = grid();
  REQUIRE(configs.size() >= 50);
  int compared = 0, proofs = 0, traces = 0, in_slice = 0;
  for (std::size_t c = 0; c < configs.size(); ++c) {
    if (static_cast<int>(c % 4) != slice) continue;
    ++in_slice;
    const std::string& flags = configs[c];
    const auto config = testing::config_from_flags(flags);
    const model::SystemSemantics sys(config);
    const checker::symbolic::TransitionSystem ts(config);
    const auto report = testing::check(config, {std::begin(kQueries), std::end(kQueries)});
    std::vector<const checker::PropertyOutcome*> expected;
    for (const auto& p : report.properties) expected.push_back(&p);
    for (const auto& q : report.queries) expected.push_back(&q);
    for (std::size_t i = 0; i < expected.size(); ++i) {
      const checker::PropertyOutcome& want = *expected[i];
      INFO("config '" << flags << "', property " << want.name << ": explorer says "
                      << checker::verdict_name(want.verdict));
      checker::symbolic::ProofOptions options;
      options.timeout_seconds = testing::time_budget(120);
      const bool has_trace = want.trace.has_value();
      options.engine = has_trace ? Engine::Bmc : Engine::Pdr;
      if (has_trace) options.bound = static_cast<unsigned>(want.trace->steps.size());
      const bool is_query = i >= report.properties.size();
      const auto got = is_query
          ? checker::symbolic::prove_reach(ts, want.name, properties::parse_reach_query(want.name, "test").goal, options)
          : checker::symbolic::prove(ts, properties::resolve_property(want.name), options);
      INFO("Z3 says " << checker::verdict_name(got.result.verdict) << " by " << got.engine
                      << (got.result.notes.empty() ? "" : ": " + got.result.notes.front()));
      CHECK(got.result.verdict == want.verdict);
      ++compared;
      if (has_trace) {
        REQUIRE(got.result.trace);
        CHECK(got.result.trace->steps.size() == want.trace->steps.size());
        CHECK_FALSE(model::replay(sys, *got.result.trace));
        ++traces;
      } else {
        ++proofs;
      }
    }
  }
  CHECK(compared == in_slice * 6);
  CHECK(proofs > 10);
  CHECK(traces > 10);
}

}  // namespace

TEST_CASE("grid 1/4: explorer and Z3 agree on verdicts and shortest lengths", "[smt][slow]") {
  compare_slice(0);
}
TEST_CASE("grid 2/4: explorer and Z3 agree on verdicts and shortest lengths", "[smt][slow]") {
  compare_slice(1);
}
TEST_CASE("grid 3/4: explorer and Z3 agree on verdicts and shortest lengths", "[smt][slow]") {
  compare_slice(2);
}
TEST_CASE("grid 4/4: explorer and Z3 agree on verdicts and shortest lengths", "[smt][slow]") {
  compare_slice(3);
}
