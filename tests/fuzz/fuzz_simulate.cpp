// `simulate` scripts: step syntax, names, positions, comments; what
// `finwait simulate --file FILE --capacity 3` does with them.
#include "commands.hpp"
#include "finwait/model/config.hpp"
#include "fuzz_cli_input.hpp"
#include "fuzz_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const finwait::fuzz::MemoryFile file(finwait::fuzz::text_of(data, size));
  finwait::model::ModelConfig config;
  config.capacity = 3;
  finwait::cli::SimulateOptions options;
  options.file = file.path();
  std::istringstream no_input;
  std::ostringstream out;
  finwait::fuzz::run_command([&] { finwait::cli::run_simulate(config, options, no_input, out); });
  return 0;
}
