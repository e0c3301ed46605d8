// Harnesses that go through the command line in-process (simulate scripts, trace files): the
// exit status may be anything but an internal error, which is what a crash looks like there.
#pragma once

#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "app.hpp"

namespace finwait::fuzz {

inline void run_and_require_no_internal_error(const std::vector<std::string>& args) {
  std::vector<const char*> argv{"finwait"};
  for (const std::string& a : args) argv.push_back(a.c_str());
  std::ostringstream out, err;
  cli::run_cli(static_cast<int>(argv.size()), argv.data(), out, err);
  if (err.str().find("internal error") != std::string::npos) std::abort();
}

}  // namespace finwait::fuzz
