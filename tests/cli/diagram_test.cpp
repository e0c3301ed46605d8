// `finwait diagram`: the picture is the reflected table (every enabled row is an edge), model
// options change it, the views are the textbook's, SVG comes from Graphviz, --reachable is small.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "finwait/model/local_state_space.hpp"
#include "finwait/model/reflected_table.hpp"
#include "test_support.hpp"

using finwait::testing::config_from_flags;
using finwait::testing::run_cli;
using finwait::testing::temp_path;
using Catch::Matchers::Contains;
namespace model = finwait::model;

namespace {

struct DotEdge {
  std::string source, target, label;
};

// The edges of a DOT text, without the arrow from the initial-state marker.
std::vector<DotEdge> dot_edges(const std::string& dot) {
  static const std::regex edge(R"re(^\s*(\w+) -> (\w+) \[label="([^"]*)"\];$)re");
  std::vector<DotEdge> out;
  std::istringstream in(dot);
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (!std::regex_match(line, m, edge) || m[1] == "start") continue;
    std::string label = m[3];
    label.erase(label.find_last_not_of(' ') + 1);  // self-loops are padded for Graphviz's layout
    out.push_back({m[1], m[2], label});
  }
  return out;
}

bool has_edge(const std::string& dot, const std::string& source, const std::string& target,
              const std::string& label) {
  const auto edges = dot_edges(dot);
  return std::any_of(edges.begin(), edges.end(), [&](const DotEdge& e) {
    return e.source == source && e.target == target && e.label == label;
  });
}

// Written here, not taken from the emitter: a rule can fire if its guard holds for some
// retx in 0..R, some channels_empty and some party.
bool guard_can_hold(const model::ReflectedRule& rule, const model::ModelConfig& config) {
  if (!rule.guard) return true;
  const unsigned top = config.retries_infinite() ? 0 : config.retries;
  for (unsigned retx = 0; retx <= (model::tracks_retx(rule.source) ? top : 0); ++retx)
    for (bool empty : {false, true})
      for (model::Party self : {model::Party::A, model::Party::B})
        if (rule.guard->holds({&config, self, static_cast<std::uint8_t>(retx), empty})) return true;
  return false;
}

std::multiset<std::pair<std::string, std::string>> expected_edges(const std::string& flags) {
  const model::ModelConfig config = config_from_flags(flags);
  std::multiset<std::pair<std::string, std::string>> out;
  for (const model::ReflectedRule& rule : model::reflected_table().rules)
    if (guard_can_hold(rule, config))
      out.emplace(std::string(model::name(rule.source)), std::string(model::name(rule.target.value_or(rule.source))));
  return out;
}

std::multiset<std::pair<std::string, std::string>> drawn_edges(const std::string& dot) {
  std::multiset<std::pair<std::string, std::string>> out;
  for (const DotEdge& e : dot_edges(dot)) out.emplace(e.source, e.target);
  return out;
}

int count_labelled(const std::string& dot, const std::string& word) {
  const auto edges = dot_edges(dot);
  return static_cast<int>(std::count_if(edges.begin(), edges.end(), [&](const DotEdge& e) {
    return e.label.find(word) != std::string::npos;
  }));
}

std::string file_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("every table row that can fire is an edge of the full diagram", "[cli]") {
  for (const std::string flags : {"", "--abort on", "--fin-wait-2-timeout on --variant rfc1337",
                                  "--delayed-ack on --retries 0", "--time-wait none --closers A",
                                  "--retries inf"}) {
    INFO("flags: " << flags);
    std::vector<std::string> args = {"diagram"};
    std::istringstream words(flags);
    for (std::string w; words >> w;) args.push_back(w);
    const auto r = run_cli(args);
    REQUIRE(r.status == 0);
    CHECK(drawn_edges(r.out) == expected_edges(flags));
  }
  // Labels are "event / segment sent" in the model's words.
  const auto r = run_cli({"diagram"});
  CHECK(has_edge(r.out, "ESTABLISHED", "FIN_WAIT_1", "close / FIN"));
  CHECK(has_edge(r.out, "FIN_WAIT_1", "FIN_WAIT_1", "retransmit [retx<R] / FIN"));
  CHECK(has_edge(r.out, "TIME_WAIT", "CLOSED", "2msl [2msl-allowed]"));
  CHECK(has_edge(r.out, "CLOSED", "CLOSED", "recv ACK / RST"));
  CHECK_THAT(r.out, Contains("CLOSED [shape=doublecircle]") && Contains("start -> ESTABLISHED"));
}

TEST_CASE("model options add and remove edges of the diagram", "[cli]") {
  const std::string plain = run_cli({"diagram"}).out;
  CHECK(count_labelled(plain, "abort") == 0);
  CHECK(count_labelled(plain, "fw2-timeout") == 0);
  const auto aborting = run_cli({"diagram", "--abort", "on"});
  REQUIRE(aborting.status == 0);
  CHECK(count_labelled(aborting.out, "abort") == 7);  // every state but CLOSED
  const auto fw2 = run_cli({"diagram", "--fin-wait-2-timeout", "on"});
  CHECK(has_edge(fw2.out, "FIN_WAIT_2", "CLOSED", "fw2-timeout"));
  // RFC 1337: RST in TIME_WAIT is ignored (a self-loop), not a way to CLOSED.
  CHECK(has_edge(plain, "TIME_WAIT", "CLOSED", "recv RST"));
  const auto rfc1337 = run_cli({"diagram", "--variant", "rfc1337"});
  CHECK(has_edge(rfc1337.out, "TIME_WAIT", "TIME_WAIT", "recv RST"));
  CHECK(!has_edge(rfc1337.out, "TIME_WAIT", "CLOSED", "recv RST"));
  CHECK(has_edge(run_cli({"diagram", "--delayed-ack", "on"}).out, "ESTABLISHED", "CLOSE_WAIT",
                 "recv FIN, delaying the ACK"));
  CHECK(count_labelled(run_cli({"diagram", "--retries", "0"}).out, "retransmit") == 0);
  CHECK(count_labelled(run_cli({"diagram", "--retries", "inf"}).out, "giveup") == 0);
  // A guard that holds for one party only stays visible: B may not close with --closers A.
  CHECK(has_edge(run_cli({"diagram", "--closers", "A"}).out, "ESTABLISHED", "FIN_WAIT_1", "close [closer] / FIN"));
  CHECK(has_edge(run_cli({"diagram", "--time-wait", "none"}).out, "TIME_WAIT", "CLOSED", "[time_wait=none]"));
}

TEST_CASE("the client and server views are the textbook's active and passive closer", "[cli]") {
  const auto client = run_cli({"diagram", "--view", "client"});
  REQUIRE(client.status == 0);
  for (const char* s : {"FIN_WAIT_1", "FIN_WAIT_2", "TIME_WAIT", "CLOSING", "CLOSED"})
    CHECK_THAT(client.out, Contains(s));
  CHECK_THAT(client.out, !Contains("CLOSE_WAIT") && !Contains("LAST_ACK"));
  CHECK_THAT(client.out, Contains("view client"));
  const auto server = run_cli({"diagram", "--view", "server"});
  REQUIRE(server.status == 0);
  for (const char* s : {"CLOSE_WAIT", "LAST_ACK", "CLOSED"}) CHECK_THAT(server.out, Contains(s));
  for (const char* s : {"FIN_WAIT_1", "FIN_WAIT_2", "TIME_WAIT", "CLOSING"})
    CHECK_THAT(server.out, !Contains(s));
  // Each view is a part of the full diagram.
  const auto full = drawn_edges(run_cli({"diagram"}).out);
  for (const auto* view : {&client, &server})
    for (const auto& e : drawn_edges(view->out)) CHECK(full.count(e) > 0);
}

TEST_CASE("diagram -o x.svg draws through Graphviz", "[cli]") {
  if (std::system("command -v dot >/dev/null 2>&1") != 0) {
    WARN("Graphviz's dot is not installed: SVG output not tested");
    return;
  }
  const std::string svg = temp_path("client.svg");
  const auto r = run_cli({"diagram", "--view", "client", "-o", svg});
  REQUIRE(r.status == 0);
  const std::string text = file_text(svg);
  CHECK((text.starts_with("<?xml") || text.starts_with("<svg")));
  CHECK_THAT(text, Contains("FIN_WAIT_2") && Contains("</svg>"));
  const auto png = run_cli({"diagram", "--format", "png"});
  REQUIRE(png.status == 0);
  CHECK(png.out.starts_with("\x89PNG"));
}

// Without Graphviz, SVG is a one-line usage error (the program is looked up on PATH).
TEST_CASE("diagram says to install graphviz when dot is missing", "[cli]") {
  const std::string path = std::getenv("PATH") ? std::getenv("PATH") : "";
  ::setenv("PATH", "/nonexistent", 1);
  const auto r = run_cli({"diagram", "-o", temp_path("nodot.svg")});
  ::setenv("PATH", path.c_str(), 1);
  CHECK(r.status == 2);
  CHECK_THAT(r.err, Contains("install graphviz"));
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
}

TEST_CASE("diagram refuses a bad view or format with one line naming the flag", "[cli]") {
  const auto view = run_cli({"diagram", "--view", "sideways"});
  CHECK(view.status == 2);
  CHECK_THAT(view.err, Contains("--view") && Contains("sideways") && Contains("full, client or server"));
  CHECK(std::count(view.err.begin(), view.err.end(), '\n') == 1);
  const auto format = run_cli({"diagram", "--format", "pdf"});
  CHECK(format.status == 2);
  CHECK_THAT(format.err, Contains("--format") && Contains("pdf"));
  const auto ext = run_cli({"diagram", "-o", temp_path("x.pdf")});
  CHECK(ext.status == 2);
  CHECK_THAT(ext.err, Contains("--format"));
  CHECK(run_cli({"diagram", "--property", "graceful"}).status == 2);
}

TEST_CASE("diagram --reachable draws small models and refuses big ones", "[cli]") {
  const auto big = run_cli({"diagram", "--reachable"});
  CHECK(big.status == 2);
  CHECK_THAT(big.err, Contains("2,962 states") && Contains("500"));
  CHECK(std::count(big.err.begin(), big.err.end(), '\n') == 1);

  const std::vector<std::string> small = {"--closers", "A", "--loss", "off", "--capacity", "1"};
  std::vector<std::string> args = {"diagram", "--reachable"};
  args.insert(args.end(), small.begin(), small.end());
  const auto r = run_cli(args);
  REQUIRE(r.status == 0);
  std::vector<std::string> check_args = {"check"};
  check_args.insert(check_args.end(), small.begin(), small.end());
  const auto check = run_cli(check_args);
  std::smatch m;
  REQUIRE(std::regex_search(check.out, m, std::regex(R"(explored ([0-9,]+) states)")));
  const std::string states = m[1];
  const std::regex node(R"(^  s\d+ \[label=)");
  int nodes = 0;
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line);) nodes += std::regex_search(line, node) ? 1 : 0;
  CHECK(std::to_string(nodes) == states);
  CHECK_THAT(r.out, Contains(states + " states"));
}

// 44 states; A gives up at once and B never hears of the close: `finwait check` reports a
// 3-step counterexample, so 4 states and 3 steps are drawn red.
TEST_CASE("diagram --reachable --property colours violations and draws the counterexample", "[cli]") {
  const auto r = run_cli({"diagram", "--reachable", "--closers", "A", "--capacity", "1", "--retries", "0",
                          "--property", "proper-termination"});
  REQUIRE(r.status == 0);
  CHECK_THAT(r.out, Contains("44 states") && Contains("proper-termination: violated, counterexample 3 steps in red"));
  std::istringstream in(r.out);
  int red_nodes = 0, red_edges = 0, filled = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.find("color=red") == std::string::npos && line.find("fillcolor") == std::string::npos) continue;
    const bool edge = line.find(" -> ") != std::string::npos;
    if (line.find("color=red") != std::string::npos) ++(edge ? red_edges : red_nodes);
    if (line.find("fillcolor") != std::string::npos) ++filled;
  }
  CHECK(red_nodes == 4);
  CHECK(red_edges == 3);
  CHECK(filled >= 1);
}
