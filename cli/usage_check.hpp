// Mistyped subcommands and flags, and flags given twice, caught before CLI11 parses argv so
// that the message names the word and suggests the nearest known one.
#pragma once

#include <CLI/CLI.hpp>
#include <stdexcept>
#include <string>
#include <vector>

namespace finwait::cli {

// A usage mistake: printed as "finwait: error: MESSAGE", exit status 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The known word nearest to `word` by edit distance, if it is near enough to be a typo.
std::string nearest(const std::string& word, const std::vector<std::string>& known);

// Throws UsageError for an unknown subcommand, an unknown "--flag" of the chosen subcommand,
// or a single-valued flag given more than once.
void check_usage(const CLI::App& app, const std::vector<std::string>& args);

}  // namespace finwait::cli
