// Trace files, finwait's JSON and ITF: what `finwait replay FILE` does with them.
#include "commands.hpp"
#include "fuzz_cli_input.hpp"
#include "fuzz_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const finwait::fuzz::MemoryFile file(finwait::fuzz::text_of(data, size));
  std::ostringstream out;
  finwait::fuzz::run_command([&] { finwait::cli::run_replay(file.path(), false, out); });
  return 0;
}
