// Temporal claims in Z3: lassos found by bounded search replay and pass the independent lasso
// check; k-liveness proofs agree with the explorer.
#include <catch2/catch.hpp>

#include "finwait/checker/lasso_check.hpp"
#include "finwait/checker/symbolic/prove.hpp"
#include "smt_support.hpp"

using namespace finwait;
using checker::Verdict;
using checker::symbolic::Engine;

namespace {

checker::symbolic::ProofOutcome prove(const std::string& flags, const std::string& property,
                                      Engine engine) {
  return testing::prove_with(flags, property, engine, 20);
}

}  // namespace

TEST_CASE("terminates: the FIN_WAIT_2 hang as a Z3 lasso, as long as the explorer's", "[smt]") {
  const auto got = prove("", "terminates", Engine::Bmc);
  REQUIRE(got.result.verdict == Verdict::Violated);
  REQUIRE(got.result.trace);
  const auto& trace = *got.result.trace;
  REQUIRE(trace.cycle_start);
  const model::SystemSemantics sys(model::ModelConfig{});
  const auto spec = properties::resolve_property("terminates");
  CHECK_FALSE(model::replay(sys, trace));
  CHECK_FALSE(checker::lasso_problem(sys, trace, spec.claim, spec.fairness));
  const auto& last = trace.final_state();  // one endpoint hangs in FIN_WAIT_2 (either may)
  CHECK((last.at(model::Party::A).st == model::TcpState::FinWait2 ||
         last.at(model::Party::B).st == model::TcpState::FinWait2));
  CHECK(trace.steps.size() == 9);  // `finwait check --property terminates`: 9 steps
}

TEST_CASE("lasso search finds what the explorer finds across configurations", "[smt]") {
  struct Case { const char* flags; const char* property; };
  for (const Case c : {Case{"--dup on", "terminates"},
                       Case{"", "no-close-wait-hang-lazy-app"},
                       Case{"--time-wait none", "time-wait-before-closed"},
                       Case{"--capacity 1", "no-fin-wait-2-hang"}}) {
    INFO(c.flags << " " << c.property);
    const auto want = testing::check(testing::config_from_flags(c.flags));
    (void)want;
    const auto got = prove(c.flags, c.property, Engine::Bmc);
    REQUIRE(got.result.verdict == Verdict::Violated);
    const auto spec = properties::resolve_property(c.property);
    const model::SystemSemantics sys(testing::config_from_flags(c.flags));
    CHECK_FALSE(checker::lasso_problem(sys, *got.result.trace, spec.claim, spec.fairness));
  }
}

TEST_CASE("k-liveness proves what holds in the explorer at capacity 1", "[smt]") {
  // time-wait-before-closed and no-close-wait-hang hold on these models (docs/verdicts.md).
  for (const char* property : {"time-wait-before-closed", "no-close-wait-hang"}) {
    INFO(property);
    const auto got = prove("--capacity 1", property, Engine::Pdr);
    CHECK(got.result.verdict == Verdict::Holds);
    CHECK(got.engine == "k-liveness");
  }
}
