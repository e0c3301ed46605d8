// `--reach` queries: the state-and-step formula parser.
#include "finwait/properties/safety_property.hpp"
#include "fuzz_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  finwait::fuzz::run_allowing_input_errors(
      [&] { finwait::properties::parse_reach_query(finwait::fuzz::text_of(data, size), "fuzz"); });
  return 0;
}
