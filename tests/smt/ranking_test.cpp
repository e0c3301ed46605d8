// Fair ranking certificates: where the explorer proves a response claim, the ranking engine
// proves it too, also at capacity inf; where the explorer refutes one, the engine never says
// "holds"; the certificate a user reads names the cells, the helpful steps and the measures.
#include <catch2/catch.hpp>

#include "finwait/checker/symbolic/prove.hpp"
#include "smt_support.hpp"

using namespace finwait;
using Catch::Contains;
using checker::Verdict;
using checker::symbolic::Engine;

namespace {

checker::symbolic::ProofOutcome by_ranking(const std::string& flags, const std::string& property,
                                           bool certificate = false) {
  checker::symbolic::ProofOptions options;
  options.engine = Engine::Ranking;
  options.timeout_seconds = testing::time_budget(60);
  options.want_invariant = certificate;
  return checker::symbolic::prove(checker::symbolic::TransitionSystem(testing::config_from_flags(flags)),
                                  properties::resolve_property(property), options);
}

std::string fmt_flags(const char* flags, const char* channel, int capacity) {
  return std::string(flags) + " --channel " + channel + " --capacity " + std::to_string(capacity);
}

// On every column, the engine proves `property` exactly where the explorer does and answers
// unknown (with its reason) elsewhere.
void agrees_on_matrix(const char* property, int want_proved) {
  int proved = 0;
  for (const char* flags : testing::kVerdictMatrix) {
    INFO("config '" << flags << "', " << property);
    const auto want = testing::explore_property(flags, property);
    const auto got = by_ranking(flags, property);
    INFO(got.result.notes.front());
    if (want.verdict == Verdict::Holds) {
      CHECK(got.result.verdict == Verdict::Holds);
      CHECK(got.engine == "ranking");
      ++proved;
    } else {
      CHECK(got.result.verdict == Verdict::Unknown);
      CHECK_THAT(got.result.notes.front(), Contains("no helpful fair step found for the cell"));
    }
  }
  CHECK(proved == want_proved);
}

}  // namespace

TEST_CASE("ranking proves terminates exactly where the explorer does", "[smt][slow]") {
  agrees_on_matrix("terminates", 2);
}

TEST_CASE("ranking proves no-fin-wait-2-hang and quiescent exactly where the explorer does",
          "[smt][slow]") {
  agrees_on_matrix("no-fin-wait-2-hang", 2);
  agrees_on_matrix("quiescent", 2);
}

TEST_CASE("ranking proves the liveness claims at capacity inf, and they hold at capacities 1..4",
          "[smt][slow]") {
  for (const char* flags : {"--fin-wait-2-timeout on", "--retries inf"}) {
    for (const char* property : {"terminates", "quiescent", "no-fin-wait-2-hang"}) {
      INFO(flags << " " << property);
      const auto got = by_ranking(std::string(flags) + " --channel bag --capacity inf", property);
      INFO(got.result.notes.front());
      CHECK(got.result.verdict == Verdict::Holds);
      for (int c = 1; c <= 4; ++c)
        for (const char* channel : {"bag", "fifo"}) {
          INFO("capacity " << c << " " << channel);
          CHECK(testing::explore_property(fmt_flags(flags, channel, c), property).verdict == Verdict::Holds);
        }
    }
  }
}

TEST_CASE("the ranking certificate names the region, the cells, helpful steps and measures", "[smt]") {
  const auto got = by_ranking("--retries inf", "terminates", true);
  REQUIRE(got.result.verdict == Verdict::Holds);
  CHECK(got.is_certificate);
  CHECK_THAT(got.result.notes.front(), Contains("premises re-checked by Z3"));
  CHECK_THAT(got.invariant, Contains("No fair run stays forever in: not (A = CLOSED and B = CLOSED)"));
  CHECK_THAT(got.invariant, Contains("1. A.st = ESTABLISHED, B.st = ESTABLISHED: close(A) (weak fairness)"));
  // A strong class that is not always enabled carries a nested proof for "while disabled".
  CHECK_THAT(got.invariant, Contains("deliver(A->B) (strong fairness)"));
  CHECK_THAT(got.invariant, Contains("while deliver(A->B) is disabled: retransmit(A) (weak fairness)"));
  CHECK_THAT(got.invariant, Contains("which no step raises"));
}

TEST_CASE("ranking answers unknown, with the reason, for claims it has no rule for", "[smt]") {
  const auto got = by_ranking("", "time-wait-before-closed");
  CHECK(got.result.verdict == Verdict::Unknown);
  CHECK_THAT(got.result.notes.front(), Contains("not a response property"));
  const auto safety = by_ranking("", "no-unexpected");
  CHECK(safety.result.verdict == Verdict::Unknown);
  CHECK_THAT(safety.result.notes.front(), Contains("proves temporal claims"));
}
