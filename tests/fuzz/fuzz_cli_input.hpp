// Harnesses for inputs that a command reads (simulate scripts, trace files). They call the
// command's function below its flag parser: building the whole CLI11 application cost about
// ten times the command itself under the sanitizers, so every execution now goes to the
// input's reader. An InputError (one line and exit 2 for a user) is the one allowed failure;
// anything else escapes, and libFuzzer reports it as a crash, as `finwait` would report an
// "internal error".
#pragma once

#include <sstream>

#include "finwait/model/input_error.hpp"

namespace finwait::fuzz {

template <class Command>
void run_command(Command&& command) {
  try {
    command();
  } catch (const InputError&) {
  }
}

}  // namespace finwait::fuzz
