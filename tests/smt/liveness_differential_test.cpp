// Temporal claims, explorer against Z3's lasso search, over every single-parameter change:
// where the explorer finds a fair lasso, so does Z3 (and it passes the independent lasso
// check); where the explorer proves the claim, Z3 finds no lasso within the bound.
#include <catch2/catch.hpp>

#include "finwait/checker/check_properties.hpp"
#include "finwait/checker/lasso_check.hpp"
#include "finwait/checker/symbolic/prove.hpp"
#include "smt_support.hpp"

using namespace finwait;
using checker::Verdict;

namespace {

const char* const kConfigs[] = {"",
                                "--closers A",
                                "--abort on",
                                "--channel bag",
                                "--capacity 1",
                                "--loss off",
                                "--dup on",
                                "--retries 0",
                                "--retries inf",
                                "--time-wait any",
                                "--time-wait none",
                                "--variant rfc1337",
                                "--fin-wait-2-timeout on",
                                "--delayed-ack on",
                                "--profile linux"};

void compare(const char* property, int slice) {
  int lassos = 0, proofs = 0, index = 0;
  for (const char* flags : kConfigs) {
    if (index++ % 2 != slice) continue;
    INFO("config '" << flags << "', " << property);
    const auto config = testing::config_from_flags(flags);
    const model::SystemSemantics sys(config);
    const auto spec = properties::resolve_property(property);
    const auto want = testing::explore_property(flags, property);
    const auto got = testing::prove_with(flags, property, checker::symbolic::Engine::Bmc,
                                         want.verdict == Verdict::Violated ? 25 : 10);
    INFO("explorer: " << checker::verdict_name(want.verdict) << "; Z3: "
                      << checker::verdict_name(got.result.verdict) << " "
                      << (got.result.notes.empty() ? "" : got.result.notes.front()));
    if (want.verdict == Verdict::Violated) {
      REQUIRE(got.result.verdict == Verdict::Violated);
      CHECK_FALSE(checker::lasso_problem(sys, *got.result.trace, spec.claim, spec.fairness));
      ++lassos;
    } else {
      REQUIRE(want.verdict == Verdict::Holds);
      CHECK(got.result.verdict == Verdict::Unknown);  // no lasso within the bound
      ++proofs;
    }
  }
  CHECK(lassos + proofs > 5);
}

}  // namespace

TEST_CASE("terminates: explorer and lasso search agree (1/2)", "[smt][slow]") { compare("terminates", 0); }
TEST_CASE("terminates: explorer and lasso search agree (2/2)", "[smt][slow]") { compare("terminates", 1); }
TEST_CASE("no-fin-wait-2-hang: explorer and lasso search agree (1/2)", "[smt][slow]") {
  compare("no-fin-wait-2-hang", 0);
}
TEST_CASE("no-fin-wait-2-hang: explorer and lasso search agree (2/2)", "[smt][slow]") {
  compare("no-fin-wait-2-hang", 1);
}
