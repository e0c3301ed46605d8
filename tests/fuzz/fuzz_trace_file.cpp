// Trace files, finwait's JSON and ITF: what `finwait replay FILE` does with them.
// It calls the command below its flag parser: building the whole CLI11 application for each
// input made the harness 20 to 30 times slower.
#include <sstream>

#include "commands.hpp"
#include "fuzz_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const finwait::fuzz::MemoryFile file(finwait::fuzz::text_of(data, size));
  std::ostringstream out;
  finwait::fuzz::run_allowing_input_errors([&] { finwait::cli::run_replay(file.path(), false, out); });
  return 0;
}
