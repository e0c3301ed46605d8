// Issue 13: the --html report, opened in a real browser. Headless Chromium loads each page
// and prints the DOM after its parser has run; the test looks for the parts a reader needs:
// the verdicts, an SVG sequence chart per trace, the step tables and the state diagram.
#include <catch2/catch.hpp>

#include <array>
#include <cstdio>
#include <memory>

#include "test_support.hpp"

using finwait::testing::run_cli;
using finwait::testing::temp_path;
using Catch::Matchers::Contains;

namespace {

bool have_chromium() { return std::system("command -v chromium > /dev/null 2>&1") == 0; }

// The DOM Chromium builds from the file (--dump-dom), or "" if it could not run.
std::string browser_dom(const std::string& file) {
  const std::string command = "chromium --headless --no-sandbox --disable-gpu --dump-dom 'file://" + file +
                              "' 2>/dev/null";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  if (!pipe) return "";
  std::string dom;
  std::array<char, 4096> buffer{};
  while (std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe.get())) dom.append(buffer.data(), n);
  return dom;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("check --html opens in Chromium with verdicts, charts, tables and the diagram", "[cli][html]") {
  const std::string page = temp_path("check.html");
  const auto r = run_cli({"check", "--property", "graceful", "--property", "terminates", "--reach",
                          "A=TIME_WAIT and B=TIME_WAIT", "--html", page});
  REQUIRE(r.status == 1);
  if (!have_chromium()) {
    WARN("chromium is not installed (apt-get install chromium): the page was written but not opened");
    return;
  }
  const std::string dom = browser_dom(page);
  REQUIRE_FALSE(dom.empty());
  CHECK_THAT(dom, Contains("<table id=\"verdicts\">") && Contains("violated") && Contains("reachable"));
  CHECK(count(dom, "<figure class=\"msc\">\n<svg") == 3);  // two counterexamples and a witness
  CHECK(count(dom, "<table class=\"steps\">") == 3);
  CHECK_THAT(dom, Contains("<figure id=\"diagram\">") && Contains("FIN_WAIT_2"));
  CHECK_THAT(dom, Contains("cause: A gives up on its FIN after 2 retransmissions"));
  CHECK_THAT(dom, Contains("Then steps 9..9 repeat forever."));
  CHECK_THAT(dom, !Contains("http://") || Contains("http://www.w3.org"));  // no fetches, only XML namespaces
}

TEST_CASE("prove and conform --html open in Chromium", "[cli][html][smt]") {
  const std::string proved = temp_path("prove.html");
  REQUIRE(run_cli({"prove", "--property", "graceful", "--engine", "bmc", "--html", proved}).status == 1);
  const std::string capture = std::string(FINWAIT_SOURCE_DIR) + "/tests/conform/fixtures/interleaved_100.pcap";
  const std::string conformed = temp_path("conform.html");
  REQUIRE(run_cli({"conform", capture, "--witness", "10.201.0.1:41000", "--html", conformed}).status == 1);
  if (!have_chromium()) {
    WARN("chromium is not installed (apt-get install chromium): the pages were written but not opened");
    return;
  }
  const std::string p = browser_dom(proved);
  CHECK_THAT(p, Contains("finwait prove") && Contains("violated") && Contains("bmc"));
  CHECK(count(p, "<figure class=\"msc\">\n<svg") == 1);
  const std::string c = browser_dom(conformed);
  CHECK_THAT(c, Contains("does not conform") && Contains("<pre id=\"connections\">"));
  CHECK(count(c, "<details open=\"\" class=\"bad-connection\">") == 60);  // 60 of 100 connections fail
  CHECK_THAT(c, Contains("It would be explained with --delayed-ack on."));
  CHECK(count(c, "<figure class=\"msc\">\n<svg") == 1);  // the witness
  CHECK_THAT(c, Contains("<figure id=\"diagram\">"));
}
