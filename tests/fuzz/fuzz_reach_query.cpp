// `--reach` queries: the state-and-step formula parser.
#include "finwait/model/input_error.hpp"
#include "finwait/properties/safety_property.hpp"
#include "fuzz_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    finwait::properties::parse_reach_query(finwait::fuzz::text_of(data, size), "fuzz");
  } catch (const finwait::InputError&) {
  }
  return 0;
}
