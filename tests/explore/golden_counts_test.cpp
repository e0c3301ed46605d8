// The state space of every configuration of the verdict matrix, pinned in
// tests/data/golden_counts.tsv, and the state counts checked against SPIN on the
// independent Promela model when spin is installed (it is, by scripts/setup.sh).
#include <catch2/catch.hpp>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <unistd.h>

#include "test_support.hpp"
#include "tsv.hpp"

namespace fs = std::filesystem;

namespace {

struct GoldenCounts {
  std::string flags, spin_macros;
  std::uint64_t states = 0, transitions = 0, depth = 0, deadlocks = 0;
};

std::vector<GoldenCounts> golden_counts() {
  std::vector<GoldenCounts> out;
  for (const auto& row : finwait::testing::read_tsv(std::string(FINWAIT_TEST_DATA) + "/golden_counts.tsv", 6)) {
    GoldenCounts g;
    g.flags = row[0] == "-" ? "" : row[0];
    g.spin_macros = row[1] == "-" ? "" : row[1];
    g.states = std::stoull(row[2]);
    g.transitions = std::stoull(row[3]);
    g.depth = std::stoull(row[4]);
    g.deadlocks = std::stoull(row[5]);
    out.push_back(g);
  }
  return out;
}

std::string run(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::array<char, 4096> buf{};
  while (std::size_t n = fread(buf.data(), 1, buf.size(), pipe)) out.append(buf.data(), n);
  pclose(pipe);
  return out;
}

// SPIN's "states, stored" for the Promela model with these macros (full state storage, no
// partial-order reduction, as bench/spin_compare.py runs it); nullopt without spin.
std::optional<std::uint64_t> spin_states(const std::string& macros) {
  if (run("command -v spin && command -v gcc").empty()) return std::nullopt;
  const fs::path dir = fs::temp_directory_path() / ("finwait-spin-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  fs::copy_file(fs::path(FINWAIT_SOURCE_DIR) / "bench/promela/finwait.pml", dir / "finwait.pml",
                fs::copy_options::overwrite_existing);
  const std::string out = run("cd " + dir.string() + " && spin -o2 " + macros +
                              " -a finwait.pml >/dev/null 2>&1 && gcc -O1 -DNOREDUCE -DSAFETY "
                              "-DMEMLIM=2000 -w -o pan pan.c && ./pan -m100000 2>&1");
  fs::remove_all(dir);
  std::smatch m;
  if (!std::regex_search(out, m, std::regex(R"((\d+) states, stored)"))) {
    FAIL("no state count in SPIN's output for '" << macros << "':\n" << out);
  }
  return std::stoull(m[1]);
}

}  // namespace

TEST_CASE("golden counts: every configuration of the verdict matrix", "[explore]") {
  const auto all = golden_counts();
  REQUIRE(all.size() >= 11);
  for (const GoldenCounts& g : all) {
    INFO("flags '" << g.flags << "'");
    const auto report = finwait::testing::check(finwait::testing::config_from_flags(g.flags));
    CHECK(report.stats.states == g.states);
    CHECK(report.stats.transitions == g.transitions);
    CHECK(report.stats.depth == g.depth);
    CHECK(report.stats.deadlocks == g.deadlocks);
  }
}

TEST_CASE("golden counts: SPIN's Promela model has as many states", "[explore][slow]") {
  for (const GoldenCounts& g : golden_counts()) {
    INFO("flags '" << g.flags << "', macros '" << g.spin_macros << "'");
    const auto spin = spin_states(g.spin_macros);
    if (!spin) {
      WARN("spin or gcc is not installed: the SPIN cross-check is skipped");
      return;
    }
    CHECK(*spin == g.states);
  }
}
