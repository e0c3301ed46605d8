// `simulate` scripts: step syntax, names, positions, comments; what
// `finwait simulate --file FILE --capacity 3` does with them.
// It calls the command below its flag parser: building the whole CLI11 application for each
// input made the harness 20 to 30 times slower.
#include <sstream>

#include "commands.hpp"
#include "finwait/model/config.hpp"
#include "fuzz_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const finwait::fuzz::MemoryFile file(finwait::fuzz::text_of(data, size));
  finwait::model::ModelConfig config;
  config.capacity = 3;
  finwait::cli::SimulateOptions options;
  options.file = file.path();
  std::istringstream no_input;
  std::ostringstream out;
  finwait::fuzz::run_allowing_input_errors([&] { finwait::cli::run_simulate(config, options, no_input, out); });
  return 0;
}
