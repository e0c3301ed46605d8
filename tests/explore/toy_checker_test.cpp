// The toy checker of docs/explorer.md: the page shows docs/examples/toy_checker.cpp as it
// is, and the compiled program prints what the page says it prints.
#include <catch2/catch.hpp>

#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <sys/wait.h>

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  REQUIRE(in);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The text between `opening` and the next fence, in the page.
std::string block_after(const std::string& page, const std::string& opening) {
  const auto start = page.find(opening);
  REQUIRE(start != std::string::npos);
  const auto body = start + opening.size();
  const auto end = page.find("```", body);
  REQUIRE(end != std::string::npos);
  return page.substr(body, end - body);
}

}  // namespace

TEST_CASE("the toy checker on the page is the compiled file, and prints what the page shows",
          "[explore]") {
  const std::string page = read_file(std::string(FINWAIT_SOURCE_DIR) + "/docs/explorer.md");
  const std::string source =
      read_file(std::string(FINWAIT_SOURCE_DIR) + "/docs/examples/toy_checker.cpp");
  CHECK(block_after(page, "```cpp\n// toy_checker.cpp") == source.substr(std::string("// toy_checker.cpp").size()));

  std::string out;
  FILE* pipe = popen(FINWAIT_TOY_CHECKER, "r");
  REQUIRE(pipe != nullptr);
  std::array<char, 4096> buf{};
  while (std::size_t n = fread(buf.data(), 1, buf.size(), pipe)) out.append(buf.data(), n);
  const int status = pclose(pipe);
  CHECK(WEXITSTATUS(status) == 1);  // proper-termination is violated on the default model
  CHECK(out == block_after(page, "$ ./toy\n"));
}
