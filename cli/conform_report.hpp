// The text and JSON reports of `finwait conform`: verdicts, reasons, the connection table.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <vector>

#include "finwait/conform/conformance.hpp"

namespace finwait::cli {

// Rows of the table without --all: enough to read, few enough for 100,000 connections.
struct TableLimits {
  std::size_t bad = 50, good = 20;
};

// One file: counts, verdict, each distinct reason once, the table.
void print_file(std::ostream& out, conform::ConformanceChecker& checker,
                const conform::FileReport& r, const TableLimits& limits);

// One object for all files (docs/conform.md "JSON").
nlohmann::json report_json(conform::ConformanceChecker& checker,
                           const std::vector<conform::FileReport>& reports);

}  // namespace finwait::cli
