// Checks temporal (LTL) properties under fairness on an explored state graph.
#pragma once

#include <string>

#include "finwait/checker/budget.hpp"
#include "finwait/checker/state_graph.hpp"
#include "finwait/checker/verdict.hpp"
#include "finwait/properties/fairness.hpp"
#include "finwait/properties/formula.hpp"

namespace finwait::checker {

struct LivenessStats {
  std::uint64_t automaton_states = 0;
  std::uint64_t product_nodes = 0;  // reachable nodes of the product
  double seconds = 0;
  std::string stopped_by;  // the limit that stopped the search ("max_memory", ...), or empty
};

// Holds if every fair run (MODEL.md's stuttering reading) satisfies `claim`; otherwise
// violated with a lasso whose cycle is fair, and `notes` saying why. The lasso has been
// replayed on the model. Unknown if the graph is incomplete (a limit stopped exploration), or
// if `budget`'s time or memory limit is passed during the search (stats->stopped_by names it).
PropertyOutcome check_liveness(const StateGraph& graph, const std::string& name,
                               const properties::Formula& claim,
                               const properties::FairnessSpec& fairness,
                               LivenessStats* stats = nullptr, Budget* budget = nullptr);

}  // namespace finwait::checker
