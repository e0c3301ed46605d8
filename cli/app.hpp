// The command line as a function, so tests can run it in-process.
#pragma once

#include <ostream>
#include <string>

namespace finwait::checker {
struct SafetySearch;
}

namespace finwait::cli {

// How the process was started: alone, or as one rank of an MPI job (see main.cpp).
struct Launch {
  const checker::SafetySearch* distributed = nullptr;  // set under mpirun with several ranks
  int ranks = 1;
  bool root = true;  // rank 0: prints and writes files; the other ranks only search
};

// Parses argv, runs the subcommand, prints results to `out` and errors to `err` as
// "finwait: error: WHERE: MESSAGE". Returns 0 all hold, 1 violated, 2 bad input, 3 unknown.
// The version of every JSON document finwait writes ("schema" in each; docs/json.md).
inline constexpr int kJsonSchemaVersion = 1;

// "finwait 0.1.0 (Z3 4.8.12, JSON schema 1)": --version's line.
std::string version_text();

int run_cli(int argc, const char* const* argv, std::ostream& out, std::ostream& err,
            bool err_is_terminal = false, const Launch& launch = {});

}  // namespace finwait::cli
