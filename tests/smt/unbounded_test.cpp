// Proofs for every capacity (bag channels as unbounded counts) against the explorer at
// capacities 1..6: a property proved at capacity inf holds at each of them, and a refuted
// one comes with a counterexample that replays, and fails, at a finite capacity.
#include <catch2/catch.hpp>

#include "finwait/checker/check_properties.hpp"
#include "finwait/checker/symbolic/prove.hpp"
#include "smt_support.hpp"

using namespace finwait;
using checker::Verdict;
using checker::symbolic::Engine;

namespace {

checker::symbolic::ProofOutcome prove_unbounded(const std::string& extra, const std::string& property,
                                                Engine engine = Engine::Pdr) {
  return testing::prove_with("--channel bag --capacity inf " + extra, property, engine, 12);
}

Verdict explore(const std::string& flags, const std::string& property) {
  return testing::explore_property(flags, property).verdict;
}

}  // namespace

TEST_CASE("no-unexpected is proved for every capacity, and holds at capacities 1..6", "[smt]") {
  for (const char* extra : {"", "--dup on --abort on"}) {
    INFO("extra flags: '" << extra << "'");
    const auto proof = prove_unbounded(extra, "no-unexpected");
    CHECK(proof.result.verdict == Verdict::Holds);
    for (int cap = 1; cap <= 6; ++cap)
      CHECK(explore("--channel bag " + std::string(extra) + " --capacity " + std::to_string(cap),
                    "no-unexpected") == Verdict::Holds);
  }
}

TEST_CASE("refuted for every capacity: the counterexample replays and fails at a finite capacity",
          "[smt]") {
  for (const char* property : {"graceful", "proper-termination"}) {
    INFO(property);
    const auto refuted = prove_unbounded("", property, Engine::Bmc);
    REQUIRE(refuted.result.verdict == Verdict::Violated);
    REQUIRE(refuted.result.trace);
    const model::ModelConfig at = refuted.replay_config;
    CHECK_FALSE(at.capacity_infinite());
    CHECK_FALSE(model::replay(model::SystemSemantics(at), *refuted.result.trace));
    CHECK(explore("--channel bag --capacity " + std::to_string(at.capacity), property) ==
          Verdict::Violated);
  }
}

TEST_CASE("no-half-open (a property file) is proved for every capacity", "[smt]") {
  const auto proof = prove_unbounded("--abort on", "no-half-open");
  CHECK(proof.result.verdict == Verdict::Holds);
  for (int cap = 1; cap <= 6; ++cap)
    CHECK(explore("--channel bag --abort on --capacity " + std::to_string(cap), "no-half-open") ==
          Verdict::Holds);
}
