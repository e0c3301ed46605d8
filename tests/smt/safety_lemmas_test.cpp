// Lemmas read off the state space and proved inductive (Houdini), tried before Spacer: the
// invariants on which Spacer alone ended unknown after 60 s (issue 10) are proved by them, the
// explorer agrees, and the proof prints as an invariant in the model's names.
#include <catch2/catch.hpp>

#include <algorithm>

#include "finwait/checker/symbolic/prove.hpp"
#include "smt_support.hpp"

using namespace finwait;
using checker::Verdict;
using checker::symbolic::Engine;

TEST_CASE("proper-termination is proved where Spacer alone stalled", "[smt]") {
  for (const char* flags : {"--channel bag --dup on --abort on", "--retries inf --dup on --time-wait any",
                            "--channel bag --capacity 4 --dup on --abort on"}) {
    INFO("config '" << flags << "'");
    REQUIRE(testing::explore_property(flags, "proper-termination").verdict == Verdict::Holds);
    const auto got = testing::prove_with(flags, "proper-termination", Engine::Pdr, 30);
    INFO(got.result.notes.front());
    CHECK(got.result.verdict == Verdict::Holds);
    CHECK(got.engine == "houdini");
    CHECK_THAT(got.result.notes.front(), Catch::Contains("lemmas from the state space, proved by Z3"));
  }
}

TEST_CASE("the printed invariant includes the lemmas, in the model's names", "[smt]") {
  checker::symbolic::ProofOptions options;
  options.engine = Engine::Pdr;
  options.want_invariant = true;
  const auto config = testing::config_from_flags("--channel bag --dup on --abort on");
  const auto got = checker::symbolic::prove(checker::symbolic::TransitionSystem(config),
                                            properties::resolve_property("proper-termination"), options);
  REQUIRE(got.result.verdict == Verdict::Holds);
  CHECK_THAT(got.invariant, Catch::Contains("A.st") && Catch::Contains("B->A.#"));
  // Only the lemmas the proof needs are printed (an unsat core, then one pass without each).
  CHECK_THAT(got.result.notes.front(), Catch::Contains("of them needed"));
  const auto printed = static_cast<std::size_t>(std::count(got.invariant.begin(), got.invariant.end(), '\n'));
  CHECK(printed < 100);
}

TEST_CASE("at capacity inf, lemmas read off capacity 3 and re-proved at inf settle no-unexpected",
          "[smt]") {
  const auto got = testing::prove_with("--channel bag --capacity inf", "no-unexpected", Engine::Pdr, 30);
  REQUIRE(got.result.verdict == Verdict::Holds);
  CHECK(got.engine == "houdini");
  CHECK_THAT(got.result.notes.front(), Catch::Contains("lemmas from the state space at capacity 3"));
}
