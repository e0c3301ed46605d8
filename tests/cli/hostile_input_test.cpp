// Issue 15, first part: inputs that crashed finwait or meant something else than they said.
// Each was observed on the previous main (a stack overflow, or a silent "no limit"); each is
// now a one-line error with exit 2.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
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

TEST_CASE("files that are not regular files are refused, never waited on", "[cli]") {
  // /dev/zero, /dev/urandom and a FIFO never returned; a directory was an internal error.
  const std::string fifo = finwait::testing::temp_path("hostile.fifo");
  std::remove(fifo.c_str());
  REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
  for (const std::string& path : {std::string("/dev/zero"), fifo}) {
    refused({"check", "--property", path}, path + ": is not a regular file (a FIFO, device or socket); give a property file");
    refused({"replay", path}, path + ": is not a regular file (a FIFO, device or socket); give a trace file");
    refused({"simulate", "--file", path}, path + ": is not a regular file (a FIFO, device or socket); give a steps file");
  }
  refused({"replay", "/dev/urandom"}, "is not a regular file");
  refused({"replay", "/tmp"}, "/tmp: is a directory, not a trace file");
  refused({"check", "--property", "/tmp/"}, "/tmp/: is a directory, not a property file");
  std::remove(fifo.c_str());
  // A 300-character name was "filesystem error: File name too long", exit 3.
  refused({"check", "--property", std::string(300, 'x')}, "unknown property");
  refused({"check", "--property", "./" + std::string(300, 'x') + ".prop"}, "cannot open the property file: File name too long");
}

TEST_CASE("output that cannot be written is an error, not a silent success", "[cli]") {
  // --trace-out /dev/full and verdicts --output /dev/full reported nothing.
  refused({"check", "--property", "graceful", "--trace-out", "/dev/full"},
          "--trace-out: cannot write '/dev/full': No space left on device");
  refused({"verdicts", "--property", "graceful", "--output", "/dev/full"},
          "--output: cannot write '/dev/full': No space left on device");
  refused({"check", "--property", "graceful", "--msc", "/nonexistent/dir/x.svg"},
          "--msc: cannot write '/nonexistent/dir/x.svg': No such file or directory");
  const auto r = finwait::testing::run_binary("check --property graceful > /dev/full");
  CHECK(r.status == 2);
  CHECK(r.err == "finwait: error: cannot write the standard output\n");
}

TEST_CASE("edited trace files with fields of the wrong type are input errors", "[cli]") {
  const std::string good = finwait::testing::temp_path("hostile-good.json");
  REQUIRE(run_cli({"check", "--property", "graceful", "--trace-out", good}).status == 1);
  std::ifstream in(good);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto edited = [&](const std::string& from, const std::string& to) {
    std::string t = text;
    const auto at = t.find(from);
    REQUIRE(at != std::string::npos);
    t.replace(at, from.size(), to);
    const std::string path = finwait::testing::temp_path("hostile-edited.json");
    std::ofstream(path) << t;
    return path;
  };
  // nlohmann's type_error and out_of_range were "internal error", exit 3.
  refused({"replay", edited("\"retx\": 0", "\"retx\": 1e999")}, "number overflow parsing '1e999'");
  refused({"replay", edited("\"capacity\": 2", "\"capacity\": \"two\"")}, "hostile-edited.json");
  // 2^32 + 1 read as 1.
  refused({"replay", edited("\"retx\": 0", "\"retx\": 4294967297")}, "bad retx");
}

TEST_CASE("a claim whose automaton explodes honours the limits", "[cli]") {
  // Twelve nested untils ran past --max-seconds 2 and --max-memory 300M in the translation.
  std::string claim = "A=CLOSED";
  for (const char* st : {"CLOSED", "TIME_WAIT", "LAST_ACK", "CLOSING", "FIN_WAIT_1", "FIN_WAIT_2", "CLOSE_WAIT",
                         "ESTABLISHED", "CLOSED", "TIME_WAIT", "LAST_ACK", "CLOSING"})
    claim = "(B=" + std::string(st) + " until " + claim + ")";
  const std::string prop = finwait::testing::temp_path("u12.prop");
  std::ofstream(prop) << "claim: " << claim << "\n";
  const auto start = std::chrono::steady_clock::now();
  const auto r = run_cli({"check", "--property", prop, "--max-seconds", "1"});
  CHECK(r.status == 3);
  CHECK_THAT(r.out, Contains("unknown (stopped by the time limit while translating the claim into an automaton)"));
  const auto p = run_cli({"prove", "--property", prop, "--timeout", "1"});
  CHECK(p.status == 3);
  CHECK_THAT(p.out, Contains("lasso-bmc: timeout"));
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(20));
  // Ten conjoined eventualities took 5 s in the lasso self-check, which now reads only the
  // claim's conditions: a verdict at once.
  std::string ev = "eventually A=CLOSED";
  for (const char* st : {"CLOSED", "TIME_WAIT", "LAST_ACK", "CLOSING", "FIN_WAIT_1", "FIN_WAIT_2", "CLOSE_WAIT",
                         "ESTABLISHED", "CLOSED"})
    ev += " and eventually B=" + std::string(st);
  const std::string ev_prop = finwait::testing::temp_path("ev10.prop");
  std::ofstream(ev_prop) << "claim: " << ev << "\n";
  CHECK(run_cli({"check", "--property", ev_prop, "--max-seconds", "30"}).status == 1);
}

TEST_CASE("simulate quotes at most a few words of a bad step", "[cli]") {
  // A 1 MB word came back whole in the error message.
  const auto r = run_cli({"simulate", "A " + std::string(1000000, 'x')});
  CHECK(r.status == 2);
  CHECK(r.err.size() < 400);
  CHECK_THAT(r.err, Contains("unknown step kind 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...'"));
}

TEST_CASE("simulate: a channel position too large for a number is an input error", "[cli]") {
  // Found by fuzz_simulate: `B->A drop #777...71` threw std::out_of_range from std::stoul, an
  // "internal error" with exit 3; `#4294967297` wrapped to position 1 without a word.
  refused({"simulate", "B->A drop #77777777777777777777777777777771"}, "is not a position in a channel");
  refused({"simulate", "A close; A->B deliver #4294967297"}, "'#4294967297' is not a position in a channel");
  refused({"simulate", "A close; A->B deliver #0"}, "positions count from #1");
}

TEST_CASE("a trace file whose query was edited into a deep nesting is refused in one short line", "[cli]") {
  const std::string good = finwait::testing::temp_path("hostile-query.json");
  REQUIRE(run_cli({"check", "--reach", "A=CLOSING", "--trace-out", good}).status == 0);
  std::ifstream in(good);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string from = "\"name\": \"A=CLOSING\"";
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), "\"name\": \"" + std::string(10000, '(') + "A=CLOSING" + std::string(10000, ')') + "\"");
  const std::string edited = finwait::testing::temp_path("hostile-query-edited.json");
  std::ofstream(edited) << text;
  const auto r = run_cli({"replay", edited});
  CHECK(r.status == 2);
  CHECK_THAT(r.err, Contains("cannot re-check property '((((((((((((((((((((((((((((((((((((((((((((((((((((((((("));
  CHECK(r.err.size() < 600);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
}
