// `finwait prove`: properties decided by Z3 (BMC, k-induction, PDR/Spacer, lasso search).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

// The Z3 library's version, "4.8.12".
std::string z3_version();

// Caps Z3's memory for the whole process (Z3 counts whole megabytes; a phase that reaches the
// cap ends unknown). Below 64M Z3 can fail while creating a context, before any engine could
// turn that into an unknown verdict: InputError("max_memory").
void limit_memory(std::uint64_t bytes);

// One configuration on which every trace of `outcomes` replays: `config`, or at capacity inf
// the smallest finite capacity that holds all of them (for a trace file).
model::ModelConfig replay_config(const model::ModelConfig& config,
                                 const std::vector<ProofOutcome>& outcomes);

// Decides one property of any kind; Z3 failures and timeouts become unknown verdicts.
ProofOutcome prove(const TransitionSystem& ts, const properties::PropertySpec& spec,
                   const ProofOptions& options);
ProofOutcome prove_reach(const TransitionSystem& ts, const std::string& text,
                         const properties::Formula& goal, const ProofOptions& options);

}  // namespace finwait::checker::symbolic
