// Helpers shared by tests: configurations from flag strings, checks, and CLI runs.
#pragma once

#include <string>
#include <vector>

#include "finwait/checker/safety_check.hpp"
#include "finwait/model/config.hpp"
#include "finwait/model/successors.hpp"
#include "finwait/model/trace.hpp"

namespace finwait::testing {

// "--channel bag --capacity 3" -> ModelConfig (through the real flag parser, so --profile
// works; a flag given twice takes its last value).
model::ModelConfig config_from_flags(const std::string& flags);

// Checks all built-in properties (and `queries`) on `config`; every trace is replayed by
// check_safety itself, and again here through the public replay function.
checker::SafetyReport check(const model::ModelConfig& config,
                            const std::vector<std::string>& queries = {});

const checker::PropertyOutcome& outcome(const checker::SafetyReport& r, const std::string& name);

// Applies steps named by their exact labels ("A close", "A->B deliver FIN"); for a label
// with several successors (a fifo drop), the first. Throws if a step is not enabled.
model::Trace run_steps(const model::SystemSemantics& sys, const std::vector<std::string>& labels);

// Runs the CLI in-process.
struct CliRun {
  int status = 0;
  std::string out, err;
};
CliRun run_cli(const std::vector<std::string>& args);

// Runs the real binary through the shell (for exit codes as a user sees them).
CliRun run_binary(const std::string& args);

// A fresh path under the system temp directory.
std::string temp_path(const std::string& name);

// A time budget of `seconds` on a Release build, times FINWAIT_TEST_TIME_SCALE (at least 1;
// scripts/sanitize.sh sets 4, for code that runs two to four times slower under ASan + UBSan).
// Only for budgets that guard against a hang; a test never asserts how fast something is.
double time_budget(double seconds);

}  // namespace finwait::testing
