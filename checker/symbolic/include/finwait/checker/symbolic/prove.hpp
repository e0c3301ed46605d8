// `finwait prove`: properties decided by Z3 (BMC, k-induction, PDR/Spacer, lasso search).
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "finwait/checker/symbolic/transition_system.hpp"
#include "finwait/checker/verdict.hpp"
#include "finwait/properties/property_file.hpp"

namespace finwait::checker::symbolic {

enum class Engine { Bmc, KInduction, Pdr, Ranking, Auto };
// "bmc", "kind", "pdr", "ranking", "auto"
std::optional<Engine> parse_engine(std::string_view text);
std::string_view engine_name(Engine e);

struct ProofOptions {
  Engine engine = Engine::Auto;
  unsigned bound = 30;           // BMC and lasso depth; the largest k for k-induction
  double timeout_seconds = 60;   // per property, wall clock; then the verdict is unknown
  bool want_invariant = false;   // print the inductive invariant a proof found
};

struct ProofOutcome {
  PropertyOutcome result;  // verdict, replayed trace, notes
  std::string engine;      // what decided: "bmc", "k-induction", "pdr", "lasso-bmc", "k-liveness"
  unsigned depth = 0;      // counterexample length, k, or PDR's frame count
  std::string invariant;   // with want_invariant: the invariant, in the model's vocabulary
  bool is_certificate = false;  // `invariant` is a liveness certificate (k-liveness, ranking)
  double seconds = 0;
  // Where the trace was replayed: the model's configuration, or a finite capacity for inf.
  model::ModelConfig replay_config;
};

// Decides one property of any kind; Z3 failures and timeouts become unknown verdicts.
ProofOutcome prove(const TransitionSystem& ts, const properties::PropertySpec& spec,
                   const ProofOptions& options);
ProofOutcome prove_reach(const TransitionSystem& ts, const std::string& text,
                         const properties::Formula& goal, const ProofOptions& options);

}  // namespace finwait::checker::symbolic
