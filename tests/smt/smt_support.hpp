// Helpers shared by the Z3 tests: one property by Z3 and by the explorer, from flag strings.
#pragma once
#include <string>

#include "finwait/checker/check_properties.hpp"
#include "finwait/checker/symbolic/prove.hpp"
#include "test_support.hpp"

namespace finwait::testing {

// The columns of docs/verdicts.md, as model flags.
inline const char* const kVerdictMatrix[] = {
    "",           "--variant rfc1337", "--time-wait none", "--time-wait any",
    "--retries 0", "--retries inf",    "--fin-wait-2-timeout on", "--loss off",
    "--dup on",   "--abort on",        "--closers A"};

// `property` on the model of `flags`, by `engine` with `bound`; 120 s, far above any case here.
inline checker::symbolic::ProofOutcome prove_with(const std::string& flags, const std::string& property,
                                                  checker::symbolic::Engine engine, unsigned bound) {
  const model::ModelConfig config = config_from_flags(flags);
  checker::symbolic::ProofOptions options;
  options.engine = engine;
  options.bound = bound;
  options.timeout_seconds = time_budget(120);
  return checker::symbolic::prove(checker::symbolic::TransitionSystem(config),
                                  properties::resolve_property(property), options);
}

// The explorer's outcome for `property` on the model of `flags`.
inline checker::PropertyOutcome explore_property(const std::string& flags, const std::string& property) {
  const model::SystemSemantics sys(config_from_flags(flags));
  return checker::check_properties(sys, {properties::resolve_property(property)}, {}, {})
      .properties.front();
}

}  // namespace finwait::testing
