// Every counterexample and witness the checker produces replays on the model, step by step,
// across a grid of configurations (single changes and pairs of MODEL.md parameters).
#include <catch2/catch.hpp>

#include "finwait/properties/property_file.hpp"
#include "test_support.hpp"

using namespace finwait;

namespace {
const char* kSingles[] = {"",
                          "--closers A",
                          "--abort on",
                          "--channel bag",
                          "--capacity 1",
                          "--capacity 3",
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
const char* kQueries[] = {"A=TIME_WAIT and B=TIME_WAIT", "A=CLOSING", "B.why=reset",
                          "count(A->B, FIN) >= 2", "A=FIN_WAIT_2 and B=CLOSED"};
}  // namespace

TEST_CASE("every trace replays, over single and paired parameter changes", "[explore]") {
  std::vector<std::string> grid(std::begin(kSingles), std::end(kSingles));
  for (std::size_t i = 1; i < std::size(kSingles); ++i)
    for (std::size_t j = i + 1; j < std::size(kSingles); ++j)
      grid.push_back(std::string(kSingles[i]) + " " + kSingles[j]);
  std::size_t traces = 0;
  for (const auto& flags : grid) {
    INFO("flags: " << flags);
    // A parameter given twice: the second wins, which is still a valid configuration.
    const model::ModelConfig config = testing::config_from_flags(flags);
    const model::SystemSemantics sys(config);
    std::vector<properties::ReachQuery> queries;
    for (const char* q : kQueries) queries.push_back(properties::parse_reach_query(q, "test"));
    std::vector<properties::SafetyProperty> props;
    for (const auto& name : properties::default_property_names())
      props.push_back(properties::as_safety(properties::resolve_property(name)));
    const auto report = checker::check_safety(sys, props, queries, {});
    REQUIRE(report.stats.complete);
    for (const auto* list : {&report.properties, &report.queries})
      for (const auto& p : *list) {
        if (!p.trace) continue;
        ++traces;
        const auto failure = model::replay(sys, *p.trace);
        INFO(p.name << ": " << (failure ? failure->message : ""));
        CHECK_FALSE(failure.has_value());
      }
    // no-unexpected holds in every configuration (see golden_verdicts_test.cpp).
    CHECK(testing::outcome(report, "no-unexpected").verdict == checker::Verdict::Holds);
  }
  CHECK(traces > 300);
}
