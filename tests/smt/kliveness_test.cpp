// Temporal proofs by k-liveness: what the explorer proves, Z3 proves with a re-checked
// certificate, on the verdict matrix and for every capacity; `prove`'s auto mode (ranking, then
// lasso search racing k-liveness) gives the explorer's verdict on `terminates`, and its lassos
// replay.
#include <catch2/catch.hpp>

#include <iterator>
#include <vector>

#include "finwait/checker/lasso_check.hpp"
#include "finwait/checker/symbolic/prove.hpp"
#include "smt_support.hpp"

using namespace finwait;
using checker::Verdict;
using checker::symbolic::Engine;

namespace {

checker::symbolic::ProofOutcome prove(const std::string& flags, const std::string& property,
                                      Engine engine, double seconds, bool certificate = false) {
  checker::symbolic::ProofOptions options;
  options.engine = engine;
  options.timeout_seconds = testing::time_budget(seconds);
  options.want_invariant = certificate;
  return checker::symbolic::prove(checker::symbolic::TransitionSystem(testing::config_from_flags(flags)),
                                  properties::resolve_property(property), options);
}

// On each configuration, k-liveness proves `property` exactly where the explorer does. The
// budget is twice the slowest quiet-machine time seen, for CI's parallel load.
void proofs_agree(const char* property, const std::vector<const char*>& configs) {
  int proved = 0;
  for (const char* flags : configs) {
    INFO("config '" << flags << "', " << property);
    const auto want = testing::explore_property(flags, property);
    if (want.verdict != Verdict::Holds) continue;
    const auto got = prove(flags, property, Engine::Pdr, 120);
    INFO(got.result.notes.front());
    CHECK(got.result.verdict == Verdict::Holds);
    CHECK(got.engine == "k-liveness");
    ++proved;
  }
  CHECK(proved >= 2);
}

}  // namespace

TEST_CASE("k-liveness proves no-close-wait-hang wherever the explorer does (1/2)", "[smt][slow]") {
  proofs_agree("no-close-wait-hang", {testing::kVerdictMatrix, testing::kVerdictMatrix + 6});
}
TEST_CASE("k-liveness proves no-close-wait-hang wherever the explorer does (2/2)", "[smt][slow]") {
  proofs_agree("no-close-wait-hang", {testing::kVerdictMatrix + 6, std::end(testing::kVerdictMatrix)});
}
// The matrix columns where the proof takes under 10 s on a quiet machine, to keep the suite
// short; bench/z3_matrix.sh runs all 11 (time wait any, retries inf, fin-wait-2-timeout on:
// 15-38 s). "--time-wait none" is the column where it fails (the explorer's lasso).
TEST_CASE("k-liveness proves time-wait-before-closed wherever the explorer does (1/2)", "[smt][slow]") {
  proofs_agree("time-wait-before-closed", {"", "--variant rfc1337", "--time-wait none", "--retries 0"});
}
TEST_CASE("k-liveness proves time-wait-before-closed wherever the explorer does (2/2)", "[smt][slow]") {
  proofs_agree("time-wait-before-closed", {"--loss off", "--dup on", "--abort on", "--closers A"});
}

TEST_CASE("the k-liveness certificate names the bound, the round conditions and the invariant", "[smt]") {
  const auto got = prove("", "no-close-wait-hang", Engine::Pdr, 60, true);
  REQUIRE(got.result.verdict == Verdict::Holds);
  CHECK(got.depth == 0);  // no run completes a single round
  CHECK_THAT(got.invariant, Catch::Contains("no run completes more than 0 round(s)"));
  CHECK_THAT(got.invariant, Catch::Contains("met.weak.close.A"));
  CHECK_THAT(got.invariant, Catch::Contains("met.strong.deliver.B->A"));
  CHECK_THAT(got.invariant, Catch::Contains("rounds <= 0"));
  CHECK_THAT(got.result.notes.front(), Catch::Contains("certificate re-checked"));
}

TEST_CASE("terminates over the verdict matrix: auto never contradicts the explorer, lassos replay",
          "[smt][slow]") {
  int lassos = 0;
  for (const char* flags : testing::kVerdictMatrix) {
    INFO("config '" << flags << "'");
    const auto config = testing::config_from_flags(flags);
    const model::SystemSemantics sys(config);
    const auto spec = properties::resolve_property("terminates");
    const auto want = testing::explore_property(flags, "terminates");
    const auto got = prove(flags, "terminates", Engine::Auto, 60);
    INFO("Z3: " << checker::verdict_name(got.result.verdict) << " " << got.result.notes.front());
    if (want.verdict == Verdict::Violated) {
      REQUIRE(got.result.verdict == Verdict::Violated);
      REQUIRE(got.result.trace);
      CHECK_FALSE(model::replay(sys, *got.result.trace));
      CHECK_FALSE(checker::lasso_problem(sys, *got.result.trace, spec.claim, spec.fairness));
      CHECK(got.result.trace->steps.size() == want.trace->steps.size());
      ++lassos;
    } else {
      // Where terminates holds (retries inf, fin-wait-2-timeout on) the ranking engine proves it.
      CHECK(got.result.verdict == Verdict::Holds);
      CHECK(got.engine == "ranking");
    }
  }
  CHECK(lassos == 9);
}

TEST_CASE("no-close-wait-hang is proved for every capacity and holds at capacities 1..4", "[smt][slow]") {
  const auto got = prove("--channel bag --capacity inf", "no-close-wait-hang", Engine::Pdr, 60);
  INFO(got.result.notes.front());
  REQUIRE(got.result.verdict == Verdict::Holds);
  CHECK(got.engine == "k-liveness");
  for (int c = 1; c <= 4; ++c) {
    INFO("capacity " << c);
    for (const char* channel : {"bag", "fifo"})
      CHECK(testing::explore_property("--channel " + std::string(channel) + " --capacity " +
                                          std::to_string(c),
                                      "no-close-wait-hang")
                .verdict == Verdict::Holds);
  }
}
