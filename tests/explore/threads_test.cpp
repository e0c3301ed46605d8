// The search gives the same figures, verdicts and traces on any number of threads: over the
// verdict matrix, with queries on states and on steps, and on state spaces large enough for
// many rounds of the parallel search.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "finwait/checker/safety_check.hpp"
#include "finwait/properties/property_file.hpp"
#include "finwait/properties/safety_property.hpp"
#include "test_support.hpp"
#include "tsv.hpp"

using namespace finwait;

namespace {

std::vector<std::string> labels(const model::Trace& trace) {
  std::vector<std::string> out;
  for (const auto& step : trace.steps) out.push_back(model::label(step.step));
  return out;
}

checker::SafetyReport check_on(const model::ModelConfig& config, unsigned threads,
                               bool compress = false) {
  const model::SystemSemantics sys(config);
  std::vector<properties::SafetyProperty> props;
  for (const char* name : {"no-unexpected", "proper-termination", "graceful", "no-half-open"})
    props.push_back(properties::as_safety(properties::resolve_property(name)));
  std::vector<properties::ReachQuery> queries;
  for (const char* q : {"A=TIME_WAIT and B=TIME_WAIT", "A=CLOSING", "step = giveup(B)",
                        "step = \"A->B drop FIN\" and B=LAST_ACK", "A=CLOSED and B=CLOSED"})
    queries.push_back(properties::parse_reach_query(q, "test"));
  checker::ExplorationLimits limits;
  limits.threads = threads;
  limits.compress = compress;
  return checker::check_safety(sys, props, queries, limits);
}

void require_same(const checker::SafetyReport& one, const checker::SafetyReport& many) {
  CHECK(many.stats.states == one.stats.states);
  CHECK(many.stats.transitions == one.stats.transitions);
  CHECK(many.stats.depth == one.stats.depth);
  CHECK(many.stats.deadlocks == one.stats.deadlocks);
  CHECK(many.stats.full_channel_sends == one.stats.full_channel_sends);
  CHECK(many.stats.complete);
  for (auto lists : {&checker::SafetyReport::properties, &checker::SafetyReport::queries}) {
    const auto& a = one.*lists;
    const auto& b = many.*lists;
    REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
      INFO(a[i].name);
      CHECK(b[i].verdict == a[i].verdict);
      REQUIRE(b[i].trace.has_value() == a[i].trace.has_value());
      if (a[i].trace) CHECK(labels(*b[i].trace) == labels(*a[i].trace));
    }
  }
}

}  // namespace

TEST_CASE("threads: every configuration of the verdict matrix, on 1, 2 and 4 threads", "[explore]") {
  const auto rows = testing::read_tsv(std::string(FINWAIT_TEST_DATA) + "/golden_counts.tsv", 6);
  REQUIRE(rows.size() >= 11);
  for (const auto& row : rows) {
    const std::string flags = row[0] == "-" ? "" : row[0];
    INFO("flags '" << flags << "'");
    const auto config = testing::config_from_flags(flags);
    const auto one = check_on(config, 1);
    CHECK(one.stats.states == std::stoull(row[2]));
    for (unsigned threads : {2u, 4u}) {
      INFO(threads << " threads");
      const auto many = check_on(config, threads);
      CHECK(many.stats.threads == threads);
      require_same(one, many);
    }
  }
}

TEST_CASE("threads: state spaces of many rounds give the same results", "[explore]") {
  for (const char* flags : {"--capacity 3 --dup on --loss off --retries 3",
                            "--channel bag --capacity 4 --dup on --abort on --time-wait any "
                            "--fin-wait-2-timeout on --variant rfc1337"}) {
    INFO("flags '" << flags << "'");
    const auto config = testing::config_from_flags(flags);
    const auto one = check_on(config, 1);
    CHECK(one.stats.states > 50000);
    require_same(one, check_on(config, 3));
  }
}

TEST_CASE("threads: a limit stops the parallel search cleanly, verdicts unknown", "[explore]") {
  const auto config = testing::config_from_flags("--capacity 3 --dup on --loss off --retries 3");
  const model::SystemSemantics sys(config);
  checker::ExplorationLimits limits;
  limits.threads = 2;
  limits.max_states = 20000;
  const std::vector<properties::SafetyProperty> props = {
      properties::as_safety(properties::resolve_property("proper-termination"))};
  const auto report = checker::check_safety(sys, props, {}, limits);
  CHECK_FALSE(report.stats.complete);
  CHECK(report.stats.stopped_by == "max_states");
  CHECK(report.stats.states >= 20000);
  CHECK(report.stats.states < 57788);
  CHECK(report.properties[0].verdict == checker::Verdict::Unknown);
}

TEST_CASE("compress: expanded states leave memory, and the results stay the same", "[explore]") {
  const auto config = testing::config_from_flags(
      "--channel bag --capacity 4 --dup on --abort on --time-wait any --fin-wait-2-timeout on "
      "--variant rfc1337");
  const auto plain = check_on(config, 1);
  for (unsigned threads : {1u, 2u}) {
    INFO(threads << " threads");
    const auto compressed = check_on(config, threads, true);
    CHECK(compressed.stats.spilled_bytes > 0);  // 158,881 states: at least one block went
    CHECK(compressed.stats.store_bytes < plain.stats.store_bytes);
    require_same(plain, compressed);  // traces rebuilt from the temporary file
  }
}

TEST_CASE("compress: states too wide for the compact set are refused with the reason", "[explore]") {
  const auto config = testing::config_from_flags("--capacity 12");
  const model::SystemSemantics sys(config);
  checker::ExplorationLimits limits;
  limits.compress = true;
  CHECK_THROWS_WITH(checker::check_safety(sys, {}, {}, limits),
                    Catch::Contains("bits; compression serves states of at most 44 bits"));
}
