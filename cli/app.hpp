// The command line as a function, so tests can run it in-process.
#pragma once

#include <ostream>

namespace finwait::cli {

// Parses argv, runs the subcommand, prints results to `out` and errors to `err` as
// "finwait: error: WHERE: MESSAGE". Returns 0 all hold, 1 violated, 2 bad input, 3 unknown.
int run_cli(int argc, const char* const* argv, std::ostream& out, std::ostream& err,
            bool err_is_terminal = false);

}  // namespace finwait::cli
