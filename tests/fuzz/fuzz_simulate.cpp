// `simulate` scripts: step syntax, names, positions, comments.
#include "fuzz_cli_input.hpp"
#include "fuzz_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const finwait::fuzz::MemoryFile file(finwait::fuzz::text_of(data, size));
  finwait::fuzz::run_and_require_no_internal_error({"simulate", "--file", file.path(), "--capacity", "3"});
  return 0;
}
