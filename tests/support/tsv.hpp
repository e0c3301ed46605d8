// Reading the tab-separated data files of the tests: '#' lines are comments, the first
// other line is the header, and each later line is one row of cells.
#pragma once

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace finwait::testing {

inline std::vector<std::vector<std::string>> read_tsv(const std::string& path,
                                                      std::size_t columns) {
  std::ifstream in(path);
  REQUIRE(in);
  std::vector<std::vector<std::string>> rows;
  bool header = true;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    if (header) {
      header = false;
      continue;
    }
    std::vector<std::string> cells;
    std::istringstream in_line(line);
    for (std::string cell; std::getline(in_line, cell, '\t');) cells.push_back(cell);
    INFO(path << ": " << line);
    REQUIRE(cells.size() == columns);
    rows.push_back(std::move(cells));
  }
  return rows;
}

}  // namespace finwait::testing
