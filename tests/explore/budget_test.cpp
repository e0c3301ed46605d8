// Observation 3 of issue 12: the liveness phase ignored --max-memory and --max-seconds. Every
// phase now asks one process-wide budget; a limit passed there is an unknown verdict that
// names the phase, never a verdict drawn after the limit.
#include <catch2/catch.hpp>

#include "finwait/checker/budget.hpp"
#include "finwait/checker/liveness_check.hpp"
#include "finwait/properties/property_file.hpp"
#include "test_support.hpp"

using namespace finwait;
using checker::Verdict;

namespace {

struct Terminates {
  model::SystemSemantics sys{finwait::testing::config_from_flags("")};
  checker::StateGraph graph = checker::StateGraph::explore(sys, {});
  properties::PropertySpec spec = properties::resolve_property("terminates");
};

}  // namespace

TEST_CASE("a time limit passed during the product search makes the verdict unknown", "[explore]") {
  Terminates t;
  checker::ExplorationLimits limits;
  limits.max_seconds = 1e-9;  // already passed: the process has been running longer
  checker::Budget budget(limits);
  checker::LivenessStats stats;
  const auto out = checker::check_liveness(t.graph, "terminates", t.spec.claim, t.spec.fairness, &stats, &budget);
  CHECK(out.verdict == Verdict::Unknown);
  CHECK_FALSE(out.trace);
  CHECK(stats.stopped_by == "max_seconds");
  REQUIRE(out.notes.size() == 1);
  CHECK_THAT(out.notes.front(), Catch::Matchers::StartsWith("stopped by the time limit in the liveness phase"));
}

TEST_CASE("a product that would pass the memory limit is refused before it is built", "[explore]") {
  Terminates t;
  checker::ExplorationLimits limits;
  limits.max_memory_bytes = checker::current_rss_bytes() + 1024;  // far less than the product needs
  checker::Budget budget(limits);
  checker::LivenessStats stats;
  const auto out = checker::check_liveness(t.graph, "terminates", t.spec.claim, t.spec.fairness, &stats, &budget);
  CHECK(out.verdict == Verdict::Unknown);
  CHECK(stats.stopped_by == "max_memory");
  CHECK(stats.product_nodes == 0);
  REQUIRE(out.notes.size() == 1);
  CHECK_THAT(out.notes.front(), Catch::Matchers::Contains("needs more memory than the memory limit leaves"));
}

TEST_CASE("without limits the budget changes no verdict", "[explore]") {
  Terminates t;
  checker::Budget budget;
  const auto with = checker::check_liveness(t.graph, "terminates", t.spec.claim, t.spec.fairness, nullptr, &budget);
  const auto without = checker::check_liveness(t.graph, "terminates", t.spec.claim, t.spec.fairness);
  CHECK(with.verdict == without.verdict);
  REQUIRE(with.trace);
  CHECK(with.trace->steps.size() == without.trace->steps.size());
}
