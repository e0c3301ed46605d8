// `--msc FILE.svg`: message sequence charts as SVG from check, prove, simulate, replay and
// conform, checked for well-formed XML (python3's parser) and for what they draw.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "finwait/pictures/sequence_chart.hpp"
#include "test_support.hpp"

using finwait::testing::config_from_flags;
using finwait::testing::run_cli;
using finwait::testing::run_steps;
using finwait::testing::temp_path;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
namespace pictures = finwait::pictures;

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

// python3's XML parser reads the file, and its root element is <svg>.
bool well_formed_svg(const std::string& path) {
  const std::string command = "python3 -c 'import sys, xml.dom.minidom; "
                              "sys.exit(xml.dom.minidom.parse(sys.argv[1]).documentElement.tagName != \"svg\")' '" +
                              path + "'";
  return std::system(command.c_str()) == 0;
}

// The sends of every trace of a trace file: the steps with a "sent" segment.
std::size_t sends_in_trace_file(const std::string& path) {
  const auto file = nlohmann::json::parse(read_file(path));
  std::size_t n = 0;
  for (const auto& t : file["traces"])
    for (const auto& step : t["steps"]) n += step["sent"].is_null() ? 0 : 1;
  return n;
}

}  // namespace

TEST_CASE("check --msc draws the graceful counterexample: lifelines, states, steps, a full channel",
          "[cli][msc]") {
  const std::string svg = temp_path("graceful.svg"), traces = temp_path("graceful-msc.json");
  const auto r = run_cli({"check", "--property", "graceful", "--msc", svg, "--trace-out", traces});
  CHECK(r.status == 1);
  REQUIRE(well_formed_svg(svg));
  const std::string text = read_file(svg);
  CHECK(count(text, "class=\"lifeline\"") == 2);
  CHECK_THAT(text, Contains(">FIN_WAIT_1<") && Contains(">CLOSED (giveup)<") && Contains(">ESTABLISHED<"));
  CHECK_THAT(text, Contains("graceful: violated — counterexample (4 steps)"));
  CHECK(count(text, "class=\"step-label\"") == 4);
  CHECK(count(text, "class=\"full-loss\"") >= 1);
  // One arrow per send (a send lost to a full channel too), no copies without --dup.
  CHECK(count(text, "class=\"msg\"") == sends_in_trace_file(traces));
  CHECK(count(text, "class=\"msg-copy\"") == 0);
  // Labels are escaped for XML: "A->B" never appears raw.
  CHECK_THAT(text, !Contains("A->B") && Contains("A-&gt;B"));
  // The same run, the same bytes.
  const std::string again = temp_path("graceful-again.svg");
  REQUIRE(run_cli({"check", "--property", "graceful", "--msc", again}).status == 1);
  CHECK(read_file(again) == text);
}

TEST_CASE("check --msc brackets a lasso's cycle", "[cli][msc]") {
  const std::string svg = temp_path("terminates-dup.svg");
  const auto r = run_cli({"check", "--property", "terminates", "--dup", "on", "--msc", svg});
  CHECK(r.status == 1);
  REQUIRE(well_formed_svg(svg));
  const std::string text = read_file(svg);
  CHECK(count(text, "class=\"cycle\"") == 1);
  CHECK_THAT(text, Contains("repeats forever") && Contains("lasso counterexample"));
}

TEST_CASE("check --msc with no trace still writes a chart that says so", "[cli][msc]") {
  const std::string svg = temp_path("none.svg");
  CHECK(run_cli({"check", "--property", "no-unexpected", "--msc", svg}).status == 0);
  REQUIRE(well_formed_svg(svg));
  CHECK_THAT(read_file(svg), Contains(">no trace<"));
}

TEST_CASE("simulate --msc: a dropped FIN ends in a cross", "[cli][msc]") {
  const std::string svg = temp_path("drop.svg");
  CHECK(run_cli({"simulate", "A close; A->B drop", "--msc", svg}).status == 0);
  REQUIRE(well_formed_svg(svg));
  const std::string text = read_file(svg);
  CHECK(count(text, "class=\"drop\"") == 1);
  CHECK(count(text, "class=\"msg\"") == 1);
  CHECK(count(text, "class=\"step-label\"") == 2);
  CHECK_THAT(text, Contains("simulate (2 steps)") && Contains("dropped at step 2"));
}

TEST_CASE("replay --msc draws the same chart as the check that wrote the trace", "[cli][msc]") {
  const std::string traces = temp_path("replay-msc.json");
  const std::string from_check = temp_path("from-check.svg"), from_replay = temp_path("from-replay.svg");
  REQUIRE(run_cli({"check", "--property", "graceful", "--reach", "A=TIME_WAIT and B=TIME_WAIT",
                   "--trace-out", traces, "--msc", from_check}).status == 1);
  CHECK(run_cli({"replay", traces, "--msc", from_replay}).status == 0);
  REQUIRE(well_formed_svg(from_replay));
  CHECK(read_file(from_replay) == read_file(from_check));
  CHECK_THAT(read_file(from_replay), Contains("A=TIME_WAIT and B=TIME_WAIT: reachable — witness (6 steps)"));
}

TEST_CASE("prove --msc draws the traces Z3 found", "[cli][msc]") {
  const std::string svg = temp_path("prove.svg");
  const auto r = run_cli({"prove", "--property", "graceful", "--engine", "bmc", "--bound", "6", "--msc", svg});
  CHECK(r.status == 1);
  REQUIRE(well_formed_svg(svg));
  CHECK_THAT(read_file(svg), Contains("graceful: violated — counterexample") && Contains("class=\"msg\""));
}

TEST_CASE("conform --msc draws the witness run, RST included, and needs --witness", "[cli][msc][conform]") {
  const std::string capture = std::string(FINWAIT_SOURCE_DIR) + "/tests/conform/fixtures/fin_wait_2_timeout.pcap";
  const std::string svg = temp_path("witness.svg");
  const auto r = run_cli({"conform", capture, "--profile", "linux", "--witness", "10.201.0.1:41000", "--msc", svg});
  CHECK(r.status == 0);
  REQUIRE(well_formed_svg(svg));
  const std::string text = read_file(svg);
  CHECK_THAT(text, Contains("witness: ") && Contains("10.201.0.1:41000 -&gt; "));
  CHECK_THAT(text, Contains(">RST</text>"));
  const auto bad = run_cli({"conform", capture, "--profile", "linux", "--msc", temp_path("nowitness.svg")});
  CHECK(bad.status == 2);
  CHECK_THAT(bad.err, StartsWith("finwait: error: --msc: ") && Contains("--witness"));
  CHECK(count(bad.err, "\n") == 1);
}

TEST_CASE("an --msc path that cannot be written is one line naming --msc, exit 2", "[cli][msc]") {
  const std::string svg = temp_path("no-such-directory") + "/chart.svg";
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"check", "--property", "graceful", "--msc", svg},
        std::vector<std::string>{"simulate", "A close", "--msc", svg}}) {
    const auto r = run_cli(args);
    CHECK(r.status == 2);
    CHECK(r.err == "finwait: error: --msc: cannot write '" + svg + "': No such file or directory\n");
  }
}

TEST_CASE("sequence charts pair sends with deliveries: fifo head first, bag first sent first, copies",
          "[cli][msc]") {
  using pictures::ArrowEnd;
  SECTION("a duplicate is a second arrow from the same send") {
    const finwait::model::SystemSemantics sys(config_from_flags("--dup on"));
    const auto trace = run_steps(sys, {"A close", "A->B dup FIN", "A->B deliver FIN", "A->B deliver FIN"});
    const auto arrows = pictures::pair_segments(trace, finwait::model::ChannelKind::Fifo);
    REQUIRE(arrows.size() >= 2);
    CHECK((!arrows[0].copy && arrows[0].from_row == 1 && arrows[0].end == ArrowEnd::Delivered && arrows[0].end_row == 3));
    CHECK((arrows[1].copy && arrows[1].from_row == 1 && arrows[1].end == ArrowEnd::Delivered && arrows[1].end_row == 4));
    const std::string svg = pictures::sequence_chart_svg({{"dup", trace}}, finwait::model::ChannelKind::Fifo);
    CHECK(count(svg, "class=\"msg-copy\"") == 1);
  }
  SECTION("in a bag the first FIN sent is the first delivered; the other stays in flight") {
    const finwait::model::SystemSemantics sys(config_from_flags("--channel bag"));
    const auto trace = run_steps(sys, {"A close", "A retransmit", "A->B deliver FIN"});
    const auto arrows = pictures::pair_segments(trace, finwait::model::ChannelKind::Bag);
    REQUIRE(arrows.size() >= 2);
    CHECK((arrows[0].from_row == 1 && arrows[0].end == ArrowEnd::Delivered && arrows[0].end_row == 3));
    CHECK((arrows[1].from_row == 2 && arrows[1].end == ArrowEnd::InFlight));
  }
  SECTION("an unexpected reception is drawn in red") {
    // No run of the library's models has one (no-unexpected holds), so the flag is set by hand.
    const finwait::model::SystemSemantics sys(config_from_flags(""));
    auto trace = run_steps(sys, {"A close", "A->B deliver FIN"});
    trace.steps[1].unexpected = true;
    const std::string svg = pictures::sequence_chart_svg({{"odd", trace}}, finwait::model::ChannelKind::Fifo);
    CHECK(count(svg, "<line class=\"unexpected\"") == 1);
    CHECK_THAT(svg, Contains("url(#head-red)") && Contains(">unexpected</text>"));
  }
}
