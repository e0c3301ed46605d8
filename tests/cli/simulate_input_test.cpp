// `finwait simulate` reading its steps from a file or standard input, and walking random runs
// (issue 12: "simulate reads steps from a file or stdin, and --random N --seed S").
#include <catch2/catch.hpp>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "commands.hpp"
#include "test_support.hpp"

using finwait::testing::config_from_flags;
using finwait::testing::run_binary;
using finwait::testing::run_cli;
using finwait::testing::temp_path;
using Catch::Matchers::Contains;
using Catch::Matchers::EndsWith;
using Catch::Matchers::StartsWith;

namespace {

std::string write_file(const std::string& name, const std::string& text) {
  const std::string path = temp_path(name);
  std::ofstream(path) << text;
  return path;
}

// The line of `out` that starts with `prefix`, or "" if there is none.
std::string line_starting(const std::string& out, const std::string& prefix) {
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);)
    if (line.starts_with(prefix)) return line;
  return "";
}

// The simultaneous close, written out: a comment line, a trailing comment, a blank line,
// two steps on one line, and a fifo position ('#1') that must not be read as a comment.
const std::string kCommentedSteps =
    "# both close at once\n"
    "A close      # A first\n"
    "\n"
    "B close; A->B deliver\n"
    "B->A drop #1 # B's FIN is lost\n";
const std::string kSameStepsInline = "A close; B close; A->B deliver; B->A drop #1";

}  // namespace

TEST_CASE("simulate --file reads steps with comments, and prints what the inline text prints", "[cli]") {
  const std::string file = write_file("steps.txt", kCommentedSteps);
  const auto from_file = run_cli({"simulate", "--file", file});
  const auto inline_run = run_cli({"simulate", kSameStepsInline});
  REQUIRE(from_file.status == 0);
  CHECK(from_file.err.empty());
  CHECK(from_file.out == inline_run.out);
  CHECK_THAT(from_file.out, Contains("after 4 steps: A is FIN_WAIT_1, B is CLOSING"));
}

TEST_CASE("simulate - and --file - read standard input", "[cli]") {
  const std::string file = write_file("stdin-steps.txt", kCommentedSteps);
  const std::string expected = run_cli({"simulate", kSameStepsInline}).out;
  // Through a shell, as a user pipes a file in.
  const auto piped = run_binary("simulate - < " + file);
  CHECK(piped.status == 0);
  CHECK(piped.out == expected);
  CHECK(run_binary("simulate --file - < " + file).out == expected);
  // In-process: the function that reads the stream, with errors located on "<stdin>".
  finwait::cli::SimulateOptions options;
  options.steps = "-";
  std::istringstream in(kCommentedSteps);
  std::ostringstream out;
  CHECK(finwait::cli::run_simulate(config_from_flags(""), options, in, out) == 0);
  CHECK(out.str() == expected);
  std::istringstream typo("A close\nA->B delver\n");
  CHECK_THROWS_WITH(finwait::cli::run_simulate(config_from_flags(""), options, typo, out),
                    StartsWith("unknown step kind 'delver'"));
  const auto bad = run_binary("simulate - < " + write_file("bad-stdin.txt", "A close\n\nA clse\n"));
  CHECK(bad.status == 2);
  CHECK_THAT(bad.err, StartsWith("finwait: error: <stdin>:3: unknown step kind 'clse': write 'A close'"));
}

TEST_CASE("simulate errors in a steps file name the file and line", "[cli]") {
  const std::string file = write_file("typo.txt", "# a typo on line 3\nA close\nA->B deliver; B clse\n");
  const auto typo = run_cli({"simulate", "--file", file});
  CHECK(typo.status == 2);
  CHECK(typo.out.empty());
  CHECK_THAT(typo.err, StartsWith("finwait: error: " + file + ":3: unknown step kind 'clse': write 'A close'"));

  // A step that is not enabled is a result (exit 1): the message gives the line and the step.
  const std::string late = write_file("late.txt", "A close\n# then\nB 2msl\n");
  const auto not_enabled = run_cli({"simulate", "--file", late});
  CHECK(not_enabled.status == 1);
  CHECK_THAT(not_enabled.out, Contains(late + ":3: step 2 'B 2msl' is not enabled in this state; enabled steps: "));

  const std::string ambiguous = write_file("ambiguous.txt", "A close; B close\nA->B deliver\nB->A drop\n");
  const auto which = run_cli({"simulate", "--file", ambiguous});
  CHECK(which.status == 2);
  CHECK_THAT(which.err, StartsWith("finwait: error: " + ambiguous + ":3: 'B->A drop' is ambiguous here"));

  // Text on the command line keeps its step numbers.
  CHECK_THAT(run_cli({"simulate", "A close; B clse"}).err, StartsWith("finwait: error: step 2: unknown step kind"));
}

TEST_CASE("simulate --file with a missing file or no steps is one line and exit 2", "[cli]") {
  const std::string missing = temp_path("missing-steps.txt");
  const auto r = run_cli({"simulate", "--file", missing});
  CHECK(r.status == 2);
  CHECK(r.out.empty());
  CHECK(r.err == "finwait: error: " + missing + ": cannot open the steps file: No such file or directory\n");
  const auto empty = run_cli({"simulate", "--file", write_file("only-comments.txt", "# nothing\n\n")});
  CHECK(empty.status == 2);
  CHECK_THAT(empty.err, EndsWith(": no steps given\n"));
  CHECK(run_binary("simulate --file " + missing).status == 2);
}

TEST_CASE("simulate wants its steps once: as text, from a file, or a random run", "[cli]") {
  const std::string file = write_file("twice.txt", "A close\n");
  const auto both = run_cli({"simulate", "A close", "--file", file});
  CHECK(both.status == 2);
  CHECK_THAT(both.err, StartsWith("finwait: error: --file: the steps are given twice"));
  const auto neither = run_cli({"simulate"});
  CHECK(neither.status == 2);
  CHECK_THAT(neither.err, StartsWith("finwait: error: simulate: no steps given") && Contains("--random N"));
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"simulate", "--random", "5", "A close"}, {"simulate", "--random", "5", "--file", file}}) {
    const auto r = run_cli(args);
    CHECK(r.status == 2);
    CHECK_THAT(r.err, StartsWith("finwait: error: --random: a random run chooses its own steps"));
  }
  const auto seed_alone = run_cli({"simulate", "--seed", "3", "A close"});
  CHECK(seed_alone.status == 2);
  CHECK_THAT(seed_alone.err, StartsWith("finwait: error: --seed: a seed is for --random N"));
}

TEST_CASE("simulate --random takes a positive number of steps and a whole seed", "[cli]") {
  for (const std::string bad : {"0", "-3", "abc", "2.5", "100001"}) {
    const auto r = run_cli({"simulate", "--random=" + bad});
    INFO(bad << ": " << r.err);
    CHECK(r.status == 2);
    CHECK_THAT(r.err, StartsWith("finwait: error: --random: invalid value '" + bad + "'"));
  }
  CHECK(run_cli({"simulate", "--random", "0"}).status == 2);
  const auto seed = run_cli({"simulate", "--random", "3", "--seed=-1"});
  CHECK(seed.status == 2);
  CHECK_THAT(seed.err, StartsWith("finwait: error: --seed: invalid value '-1'"));
}

TEST_CASE("simulate --random: the same seed gives the same run, and seeds differ", "[cli]") {
  const auto first = run_cli({"simulate", "--random", "12", "--seed", "7"});
  REQUIRE(first.status == 0);
  CHECK_THAT(first.out, StartsWith("random run, seed 7, at most 12 steps\n"));
  CHECK_THAT(first.out, Contains(" step  label") && Contains("after ") && Contains("\nsteps: "));
  CHECK(run_cli({"simulate", "--random", "12", "--seed", "7"}).out == first.out);
  CHECK(run_binary("simulate --random 12 --seed 7").out == first.out);
  // Without --seed, the seed is 1.
  const auto unseeded = run_cli({"simulate", "--random", "12"});
  CHECK_THAT(unseeded.out, StartsWith("random run, seed 1,"));
  CHECK(unseeded.out == run_cli({"simulate", "--random", "12", "--seed", "1"}).out);
  std::set<std::string> runs;
  for (int s = 1; s <= 8; ++s)
    runs.insert(line_starting(run_cli({"simulate", "--random", "12", "--seed", std::to_string(s)}).out, "steps: "));
  CHECK(runs.size() > 1);
}

TEST_CASE("simulate --random stops when no step is enabled, and says so", "[cli]") {
  // Without loss or retransmission limits in play, a graceful close ends with nothing enabled.
  const auto r = run_cli({"simulate", "--random", "1000", "--loss", "off", "--seed", "3"});
  REQUIRE(r.status == 0);
  const std::string after = line_starting(r.out, "after ");
  REQUIRE_FALSE(after.empty());
  const std::string steps = after.substr(6, after.find(' ', 6) - 6);
  CHECK_THAT(r.out, Contains("no step is enabled: the run ends here after " + steps + " steps\n"));
}

TEST_CASE("simulate --random prints steps that replay to the same final state", "[cli]") {
  const std::vector<std::vector<std::string>> configs = {
      {}, {"--channel", "bag", "--capacity", "3"}, {"--dup", "on"}, {"--profile", "linux"},
      {"--abort", "on", "--capacity", "3"}};
  for (const auto& flags : configs) {
    for (const std::string seed : {"1", "2", "3", "42"}) {
      std::vector<std::string> args = {"simulate", "--random", "25", "--seed", seed};
      args.insert(args.end(), flags.begin(), flags.end());
      const auto random = run_cli(args);
      REQUIRE(random.status == 0);
      const std::string steps = line_starting(random.out, "steps: ").substr(7);
      INFO("seed " << seed << ": " << steps);
      std::vector<std::string> replay = {"simulate", steps};
      replay.insert(replay.end(), flags.begin(), flags.end());
      const auto again = run_cli(replay);
      REQUIRE(again.status == 0);
      CHECK(line_starting(again.out, "after ") == line_starting(random.out, "after "));
      // The same table too: the replay takes the same steps, not only to the same end.
      CHECK_THAT(random.out, Contains(again.out.substr(0, again.out.find("\n\n"))));
    }
  }
}

TEST_CASE("simulate --json uses the common envelope, with the seed of a random run", "[cli]") {
  const auto written = run_cli({"simulate", "--json", "A close; A->B deliver"});
  REQUIRE(written.status == 0);
  const auto j = nlohmann::json::parse(written.out);
  CHECK(j.at("command") == "simulate");
  CHECK(j.contains("schema"));
  CHECK(j.contains("config"));
  CHECK(j.contains("initial"));
  CHECK(j.at("trace").size() == 2);
  CHECK_FALSE(j.contains("seed"));
  const auto random = run_cli({"simulate", "--json", "--random", "6", "--seed", "9"});
  REQUIRE(random.status == 0);
  const auto r = nlohmann::json::parse(random.out);
  CHECK(r.at("command") == "simulate");
  CHECK(r.at("seed") == 9);
  CHECK(r.at("trace").size() <= 6);
  CHECK(random.out == run_cli({"simulate", "--json", "--random", "6", "--seed", "9"}).out);
}
