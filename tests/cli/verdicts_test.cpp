// docs/verdicts.md is exactly what `finwait verdicts` produces today.
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "commands.hpp"

TEST_CASE("the committed docs/verdicts.md is up to date", "[cli]") {
  std::ifstream in(std::string(FINWAIT_SOURCE_DIR) + "/docs/verdicts.md");
  REQUIRE(in.good());
  std::stringstream committed;
  committed << in.rdbuf();
  // If this fails: run `build/finwait verdicts --output docs/verdicts.md`, read the diff, and
  // commit it if the change in verdicts is intended.
  CHECK(finwait::cli::verdicts_markdown() == committed.str());
}
