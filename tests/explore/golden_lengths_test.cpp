// Verdicts, shortest counterexample lengths and lasso prefix lengths for every library
// property on every configuration of the verdict matrix, pinned in
// tests/data/golden_lengths.tsv.
#include <catch2/catch.hpp>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "test_support.hpp"
#include "tsv.hpp"

namespace {

struct GoldenLength {
  std::string flags, property, verdict, steps, cycle_start;
};

std::vector<GoldenLength> golden_lengths() {
  std::vector<GoldenLength> out;
  for (const auto& row : finwait::testing::read_tsv(std::string(FINWAIT_TEST_DATA) + "/golden_lengths.tsv", 5))
    out.push_back({row[0], row[1], row[2], row[3], row[4]});
  return out;
}

std::string text_of(const nlohmann::json& value) {
  return value.is_null() ? "-" : value.dump();
}

}  // namespace

TEST_CASE("golden lengths: every library property on every configuration of the matrix",
          "[explore]") {
  const auto all = golden_lengths();
  REQUIRE(all.size() >= 11 * 11);
  for (const GoldenLength& g : all) {
    INFO("flags '" << g.flags << "', property " << g.property);
    std::vector<std::string> args = {"check", "--property", g.property, "--json"};
    std::istringstream flags(g.flags == "-" ? "" : g.flags);
    for (std::string word; flags >> word;) args.push_back(word);
    const auto r = finwait::testing::run_cli(args);
    REQUIRE(r.status <= 1);
    const auto p = nlohmann::json::parse(r.out)["properties"].at(0);
    CHECK(p["verdict"] == g.verdict);
    CHECK(text_of(p["steps"]) == g.steps);
    CHECK(text_of(p["cycle_start"]) == g.cycle_start);
  }
}
