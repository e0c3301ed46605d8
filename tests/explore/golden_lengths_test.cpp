// Verdicts, shortest counterexample lengths and lasso prefix lengths for every library
// property on every configuration of the verdict matrix, pinned in
// tests/data/golden_lengths.tsv.
#include <catch2/catch.hpp>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "test_support.hpp"

namespace {

struct GoldenLength {
  std::string flags, property, verdict, steps, cycle_start;
};

std::vector<GoldenLength> golden_lengths() {
  std::ifstream in(std::string(FINWAIT_TEST_DATA) + "/golden_lengths.tsv");
  REQUIRE(in);
  std::vector<GoldenLength> out;
  bool header = true;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    if (header) {
      header = false;
      continue;
    }
    std::istringstream cells(line);
    GoldenLength g;
    for (std::string* field : {&g.flags, &g.property, &g.verdict, &g.steps, &g.cycle_start})
      std::getline(cells, *field, '\t');
    out.push_back(g);
  }
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
