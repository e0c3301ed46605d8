// The explorer answers "already stored" from a small memory of recent keys, and skips the
// transitions no observer watches: neither may change what a search finds or counts.
#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "finwait/checker/bfs_explorer.hpp"
#include "finwait/checker/compact_state_store.hpp"
#include "finwait/checker/recent_keys.hpp"
#include "finwait/checker/safety_observer.hpp"
#include "finwait/checker/safety_check.hpp"
#include "finwait/properties/property_file.hpp"
#include "finwait/properties/safety_property.hpp"
#include "test_support.hpp"

using namespace finwait;
using checker::RecentKeys;

TEST_CASE("recent keys: a key is known once remembered, until another takes its entry", "[explore]") {
  RecentKeys recent;
  CHECK_FALSE(recent.contains(0));  // an empty entry matches no key, 0 included
  std::mt19937_64 rng(11);
  std::vector<std::uint64_t> keys(1000);
  for (auto& k : keys) k = rng() >> 20;
  for (std::uint64_t k : keys) {
    CHECK_FALSE(recent.contains(k));
    recent.remember(k);
    CHECK(recent.contains(k));
  }
  // 1,000 keys in 2^14 entries: most are still there; every key it claims was remembered.
  std::size_t kept = 0;
  for (std::uint64_t k : keys) kept += recent.contains(k) ? 1 : 0;
  CHECK(kept > 900);
  for (int i = 0; i < 100000; ++i) CHECK_FALSE(recent.contains((rng() >> 20) | (std::uint64_t{1} << 44)));
}

namespace {

checker::ExplorationStats explore(const char* flags, unsigned threads, std::vector<const char*> queries_text,
                                  std::vector<checker::Verdict>* verdicts = nullptr) {
  const model::SystemSemantics sys(testing::config_from_flags(flags));
  std::vector<properties::ReachQuery> queries;
  for (const char* q : queries_text) queries.push_back(properties::parse_reach_query(q, "test"));
  checker::ExplorationLimits limits;
  limits.threads = threads;
  const auto report = checker::check_safety(sys, {}, queries, limits);
  if (verdicts)
    for (const auto& q : report.queries) verdicts->push_back(q.verdict);
  return report.stats;
}

}  // namespace

TEST_CASE("explorer: transitions nobody watches are counted as those watched to the end", "[explore]") {
  // Without queries no observer watches transitions, and old successors are never looked at
  // one by one; a query about a step that never happens keeps every transition watched.
  const char* flags = "--channel bag --capacity 4 --dup on --abort on";
  const char* never = "step = \"A->B drop FIN\" and A=ESTABLISHED";
  for (unsigned threads : {1u, 2u}) {
    INFO(threads << " threads");
    std::vector<checker::Verdict> verdicts;
    const auto watched = explore(flags, threads, {never}, &verdicts);
    REQUIRE(verdicts == std::vector<checker::Verdict>{checker::Verdict::Unreachable});
    const auto unwatched = explore(flags, threads, {});
    CHECK(watched.states > 10000);
    CHECK(unwatched.states == watched.states);
    CHECK(unwatched.transitions == watched.transitions);
    CHECK(unwatched.full_channel_sends == watched.full_channel_sends);
    CHECK(unwatched.full_channel_sends > 0);
    CHECK(unwatched.deadlocks == watched.deadlocks);
    CHECK(unwatched.depth == watched.depth);
  }
}

TEST_CASE("explorer: an unexpected step found while no transition was watched is reported as when watched",
          "[explore]") {
  // No run of the model meets an unexpected step (no-unexpected holds on the whole matrix),
  // so the search starts where one is enabled: A's ACK on its way to an ESTABLISHED B. With
  // no-unexpected alone the observer watches no transition until a batch holds an unexpected
  // step, which is then made again with its steps; with a query about steps that never
  // holds, every transition is watched from the start. Both must report the same step.
  const model::ModelConfig config;
  const model::SystemSemantics sys(config);
  const model::StateLayout layout(config, sys.endpoints().locals());
  const model::ChannelShape shape(config);
  model::SystemState start = model::initial_state();
  start.at(model::Party::A) = {model::TcpState::FinWait2};
  REQUIRE(model::push(start.from(model::Party::A), model::Segment::Ack, shape));
  REQUIRE(model::push(start.from(model::Party::B), model::Segment::Fin, shape));
  const std::vector<properties::SafetyProperty> props = {
      properties::as_safety(properties::resolve_property("no-unexpected"))};
  auto search = [&](const std::vector<properties::ReachQuery>& queries) {
    checker::BfsExplorer<1, checker::CompactStateStore> explorer(sys, layout, {});
    checker::SafetyObserver observer(sys.shape(), props, queries);
    const auto stats = explorer.run(observer, start);
    REQUIRE(observer.property_hits()[0].has_value());
    return std::pair{stats, *observer.property_hits()[0]};
  };
  const auto [lean_stats, lean_hit] = search({});
  const auto [full_stats, full_hit] =
      search({properties::parse_reach_query("step = \"A->B drop FIN\" and A=ESTABLISHED", "test")});
  REQUIRE(lean_hit.step.has_value());
  CHECK(lean_hit.step->unexpected);
  CHECK(model::label(lean_hit.step->step) == "A->B deliver ACK");
  CHECK(lean_hit.order == full_hit.order);
  CHECK(lean_hit.state == full_hit.state);
  CHECK(model::label(lean_hit.step->step) == model::label(full_hit.step->step));
  CHECK(lean_stats.states == full_stats.states);
  CHECK(lean_stats.transitions == full_stats.transitions);
}
