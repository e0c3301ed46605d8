// --bitstate (supertrace): with room to spare it finds what the exhaustive search finds, but
// never claims a property holds; with too little room it misses states and says so.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "finwait/checker/safety_check.hpp"
#include "finwait/properties/property_file.hpp"
#include "finwait/properties/safety_property.hpp"
#include "test_support.hpp"
#include "tsv.hpp"

using namespace finwait;
using checker::Verdict;

namespace {

checker::SafetyReport check_with(const model::ModelConfig& config, std::uint64_t bitstate_bytes) {
  const model::SystemSemantics sys(config);
  std::vector<properties::SafetyProperty> props;
  for (const char* name : {"no-unexpected", "proper-termination", "graceful", "no-half-open"})
    props.push_back(properties::as_safety(properties::resolve_property(name)));
  std::vector<properties::ReachQuery> queries;
  for (const char* q : {"A=TIME_WAIT and B=TIME_WAIT", "step = giveup(B)", "A=CLOSING and B=CLOSE_WAIT"})
    queries.push_back(properties::parse_reach_query(q, "test"));
  checker::ExplorationLimits limits;
  limits.bitstate_bytes = bitstate_bytes;
  return checker::check_safety(sys, props, queries, limits);
}

std::vector<std::string> labels(const model::Trace& trace) {
  std::vector<std::string> out;
  for (const auto& step : trace.steps) out.push_back(model::label(step.step));
  return out;
}

// What the exhaustive verdict becomes under --bitstate.
Verdict weakened(Verdict v) {
  if (v == Verdict::Holds) return Verdict::NoViolationFound;
  if (v == Verdict::Unreachable) return Verdict::NotReached;
  return v;
}

}  // namespace

TEST_CASE("bitstate with room to spare: the exhaustive figures, weaker words", "[explore]") {
  for (const auto& row : testing::read_tsv(std::string(FINWAIT_TEST_DATA) + "/golden_counts.tsv", 6)) {
    const std::string flags = row[0] == "-" ? "" : row[0];
    INFO("flags '" << flags << "'");
    const auto config = testing::config_from_flags(flags);
    const auto exact = check_with(config, 0);
    const auto bits = check_with(config, 16 << 20);
    CHECK(bits.stats.states == exact.stats.states);
    CHECK(bits.stats.bitstate_bytes == (16u << 20));
    CHECK(bits.stats.bitstate_coverage > 0.9999);
    for (auto list : {&checker::SafetyReport::properties, &checker::SafetyReport::queries})
      for (std::size_t i = 0; i < (exact.*list).size(); ++i) {
        const auto& a = (exact.*list)[i];
        const auto& b = (bits.*list)[i];
        INFO(a.name);
        CHECK(b.verdict == weakened(a.verdict));
        CHECK(b.verdict != Verdict::Holds);
        CHECK(b.verdict != Verdict::Unreachable);
        if (a.trace && b.trace) CHECK(labels(*b.trace) == labels(*a.trace));
      }
  }
}

TEST_CASE("bitstate with too little room misses states and says how many it expects", "[explore]") {
  const auto config = testing::config_from_flags(
      "--channel bag --capacity 4 --dup on --abort on --time-wait any --fin-wait-2-timeout on "
      "--variant rfc1337");
  const auto bits = check_with(config, 4096);  // 32,768 bits for 158,881 states
  CHECK(bits.stats.states < 158881);
  CHECK(bits.stats.bitstate_coverage < 0.99);
  CHECK(bits.stats.bitstate_coverage > 0);
  // What it does find is real: every trace was replayed by check_safety before it returned.
  CHECK(checker::verdict_name(bits.properties[0].verdict) == "no violation found");
}
