// Issue 15, first part: inputs that crashed finwait or meant something else than they said.
// Each was observed on the previous main (a stack overflow, or a silent "no limit"); each is
// now a one-line error with exit 2.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>

#include "test_support.hpp"

using finwait::testing::run_cli;
using Catch::Matchers::Contains;

namespace {

void refused(const std::vector<std::string>& args, const std::string& message) {
  const auto r = run_cli(args);
  INFO(args.back());
  CHECK(r.status == 2);
  CHECK_THAT(r.err, Contains(message));
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
}

}  // namespace

TEST_CASE("deeply nested or huge formulas are refused instead of overflowing the stack", "[cli]") {
  // 10,000 parentheses and 100,000 negations crashed the recursive-descent parser (SIGSEGV).
  refused({"check", "--reach", std::string(10000, '(') + "A=CLOSED" + std::string(10000, ')')},
          "words and symbols; at most 4096 are read");
  refused({"check", "--reach", std::string(100000, '!') + "A=CLOSED"}, "at most 4096 are read");
  refused({"check", "--reach", std::string(3000, '!') + "A=CLOSED"}, ":201: nested more than 200 levels deep");
  refused({"check", "--reach", std::string(300, '(') + "A=CLOSED" + std::string(300, ')')},
          ":201: nested more than 200 levels deep");
  // The error names the query by its start, on one line.
  refused({"check", "--reach", std::string(300, '(') + "A=CLOSED" + std::string(300, ')')},
          "--reach \"((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((...\"");
  // Nesting a real claim would use still parses.
  const auto ok = run_cli({"check", "--reach", std::string(150, '(') + "A=CLOSED" + std::string(150, ')')});
  CHECK(ok.status == 0);
}

TEST_CASE("limits that used to mean no limit are refused", "[cli]") {
  // "-1", "-1G" and "" read as no limit; 2^34 G wrapped to 0.
  for (const char* size : {"-1", "-1G", "", "0", "17179869184G", "12X"})
    refused({"check", "--property", "graceful", "--max-memory", size}, "--max-memory: invalid size");
  refused({"prove", "--property", "graceful", "--max-memory", "-1"}, "--max-memory: invalid size '-1'");
  // NaN passed CLI11's PositiveNumber (nan <= 0 is false) and meant no limit, or made every
  // prove verdict unknown; 1e300 overflowed the clocks.
  for (const char* seconds : {"nan", "inf", "1e300", "0", "-5", "3s"})
    refused({"check", "--property", "graceful", "--max-seconds", seconds}, "expected seconds above 0");
  refused({"prove", "--property", "graceful", "--timeout", "nan"}, "--timeout: invalid value 'nan'");
  refused({"prove", "--property", "graceful", "--max-seconds", "1e20"}, "--max-seconds: invalid value");
  CHECK(run_cli({"check", "--property", "graceful", "--max-memory", "2G", "--max-seconds", "0.5e3"}).status == 1);
}

TEST_CASE("the threads and compress flags refuse what they cannot do", "[cli]") {
  for (const char* threads : {"0", "1025", "-2", "two"})
    refused({"check", "--property", "graceful", "--threads", threads}, "--threads");
  refused({"check", "--property", "terminates", "--compress"},
          "--compress: temporal properties need the whole state graph in memory");
  refused({"check", "--capacity", "12", "--compress"}, "--compress: a state of this model packs into");
  const auto ok = run_cli({"check", "--compress", "--threads", "2", "--json"});
  CHECK(ok.status == 1);  // graceful is violated by the defaults
  CHECK_THAT(ok.out, Contains("\"threads\": 2"));
}

TEST_CASE("compression without a usable temporary directory stops cleanly on any number of threads", "[cli]") {
  // The parallel search once hung here: the thread that failed left the others at a barrier.
  const char* old = std::getenv("TMPDIR");
  const std::string saved = old != nullptr ? old : "";
  ::setenv("TMPDIR", "/nonexistent-finwait-dir", 1);
  for (const char* threads : {"1", "2", "3"})
    refused({"check", "--channel", "bag", "--capacity", "5", "--dup", "on", "--abort", "on",
             "--compress", "--threads", threads},
            "--compress: cannot create a temporary file in /nonexistent-finwait-dir");
  if (old != nullptr) ::setenv("TMPDIR", saved.c_str(), 1);
  else ::unsetenv("TMPDIR");
}

TEST_CASE("the bitstate flag: weaker verdicts with exit 3, and refusals", "[cli]") {
  const auto r = run_cli({"check", "--property", "no-unexpected", "--bitstate", "1M"});
  CHECK(r.status == 3);
  CHECK_THAT(r.out, Contains("no violation found (2,962 states"));
  CHECK_THAT(r.out, Contains("expected coverage 100.0000 %"));
  refused({"check", "--bitstate", "0"}, "--bitstate: invalid size '0'");
  refused({"check", "--bitstate", "-5M"}, "--bitstate: invalid size '-5M'");
  refused({"check", "--property", "quiescent", "--bitstate", "1M"},
          "--bitstate: temporal properties need the whole state graph");
}
