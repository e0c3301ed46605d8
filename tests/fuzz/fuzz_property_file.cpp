// Property files: the directive reader, the formula parser and the claim's translation.
#include "finwait/properties/buchi.hpp"
#include "finwait/properties/property_file.hpp"
#include "fuzz_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  finwait::fuzz::run_allowing_input_errors([&] {
    const auto spec = finwait::properties::parse_property_text(finwait::fuzz::text_of(data, size), "fuzz", "fuzz.prop");
    // Small claims only: the translation is exponential by nature, and its limit is tested.
    if (spec.kind == finwait::properties::ClaimKind::Temporal && size < 200)
      finwait::properties::translate(spec.claim, "fuzz");
  });
  return 0;
}
