// The search gives the same figures, verdicts and traces on any number of threads: over the
// verdict matrix, with queries on states and on steps, and on state spaces large enough for
// many rounds of the parallel search.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "finwait/checker/check_properties.hpp"
#include "finwait/checker/safety_check.hpp"
#include "finwait/checker/state_graph.hpp"
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

namespace {

void require_same_graph(const checker::StateGraph& one, const checker::StateGraph& many) {
  REQUIRE(many.size() == one.size());
  CHECK(many.stats().transitions == one.stats().transitions);
  CHECK(many.stats().deadlocks == one.stats().deadlocks);
  CHECK(many.stats().depth == one.stats().depth);
  std::size_t differing = 0;
  for (checker::StateId s = 0; s < one.size(); ++s) {
    if (one.edge_begin(s) != many.edge_begin(s) || one.edge_end(s) != many.edge_end(s) ||
        one.enabled(s) != many.enabled(s)) {
      ++differing;
      continue;
    }
    for (std::size_t e = one.edge_begin(s); e < one.edge_end(s); ++e)
      if (one.target(e) != many.target(e) || !(one.step(e) == many.step(e))) ++differing;
  }
  CHECK(differing == 0);
  // Spot checks of what the liveness engine reads besides edges.
  for (checker::StateId s : {checker::StateId{0}, static_cast<checker::StateId>(one.size() - 1)}) {
    CHECK(many.state(s) == one.state(s));
    CHECK(labels(many.trace_to(s)) == labels(one.trace_to(s)));
  }
}

}  // namespace

TEST_CASE("threads: the state graph of temporal properties is the same, edge for edge", "[explore]") {
  const auto rows = testing::read_tsv(std::string(FINWAIT_TEST_DATA) + "/golden_counts.tsv", 6);
  std::vector<std::string> flag_sets;
  for (const auto& row : rows) flag_sets.push_back(row[0] == "-" ? "" : row[0]);
  flag_sets.push_back("--capacity 3 --dup on --loss off --retries 3");  // many rounds
  for (const std::string& flags : flag_sets) {
    INFO("flags '" << flags << "'");
    const model::SystemSemantics sys(testing::config_from_flags(flags));
    checker::ExplorationLimits limits;
    const auto one = checker::StateGraph::explore(sys, limits);
    CHECK(one.stats().threads == 1);
    for (unsigned threads : {2u, 4u}) {
      INFO(threads << " threads");
      limits.threads = threads;
      const auto many = checker::StateGraph::explore(sys, limits);
      CHECK(many.stats().threads == threads);
      require_same_graph(one, many);
    }
  }
}

TEST_CASE("threads: temporal verdicts and lassos, with safety beside them, do not depend on threads",
          "[explore]") {
  std::vector<properties::PropertySpec> specs;
  for (const char* name : {"terminates", "no-fin-wait-2-hang", "no-close-wait-hang", "graceful", "no-unexpected"})
    specs.push_back(properties::resolve_property(name));
  const std::vector<properties::ReachQuery> queries = {
      properties::parse_reach_query("A=TIME_WAIT and B=TIME_WAIT", "test")};
  for (const char* flags : {"", "--retries inf", "--fin-wait-2-timeout on", "--capacity 3 --dup on --abort on"}) {
    INFO("flags '" << flags << "'");
    const model::SystemSemantics sys(testing::config_from_flags(flags));
    checker::ExplorationLimits limits;
    const auto one = checker::check_properties(sys, specs, queries, limits);
    limits.threads = 3;
    const auto many = checker::check_properties(sys, specs, queries, limits);
    CHECK(many.stats.threads == 3);
    require_same(one, many);
    for (std::size_t i = 0; i < one.properties.size(); ++i) {
      INFO(one.properties[i].name);
      if (one.properties[i].trace) CHECK(many.properties[i].trace->cycle_start == one.properties[i].trace->cycle_start);
      CHECK(many.properties[i].notes == one.properties[i].notes);
    }
  }
}

TEST_CASE("threads: a limit stops the parallel state graph cleanly, temporal verdicts unknown", "[explore]") {
  const model::SystemSemantics sys(testing::config_from_flags("--capacity 3 --dup on --loss off --retries 3"));
  checker::ExplorationLimits limits;
  limits.threads = 2;
  limits.max_states = 20000;
  const auto report = checker::check_properties(sys, {properties::resolve_property("terminates")}, {}, limits);
  CHECK_FALSE(report.stats.complete);
  CHECK(report.stats.stopped_by == "max_states");
  CHECK(report.properties[0].verdict == checker::Verdict::Unknown);
}
