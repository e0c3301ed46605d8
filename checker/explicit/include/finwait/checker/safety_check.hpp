// Checks safety properties and reachability queries in one breadth-first exploration.
#pragma once

#include <vector>

#include "finwait/checker/exploration.hpp"
#include "finwait/checker/verdict.hpp"
#include "finwait/model/successors.hpp"
#include "finwait/properties/safety_property.hpp"

namespace finwait::checker {

struct SafetyReport {
  ExplorationStats stats;
  std::vector<PropertyOutcome> properties;  // in the order given
  std::vector<PropertyOutcome> queries;     // in the order given
};

// Every counterexample and witness is a shortest one (BFS) and has been replayed on the
// model before it is returned. Throws InputError if the configuration cannot be packed.
SafetyReport check_safety(const model::SystemSemantics& sys,
                          const std::vector<properties::SafetyProperty>& props,
                          const std::vector<properties::ReachQuery>& queries,
                          const ExplorationLimits& limits, const ProgressFn& progress = {});

}  // namespace finwait::checker
