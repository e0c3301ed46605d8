// Checks safety properties and reachability queries in one breadth-first exploration.
#pragma once

#include <vector>

#include "finwait/checker/exploration.hpp"
#include "finwait/checker/verdict.hpp"
#include "finwait/model/successors.hpp"
#include "finwait/properties/safety_property.hpp"

namespace finwait::checker {

struct SafetyReport {
  ExplorationStats stats;                   // the exploration
  std::vector<PropertyOutcome> properties;  // in the order given
  std::vector<PropertyOutcome> queries;     // in the order given
  // The liveness phase (every temporal property's product search), and the process as a
  // whole when the report was made: what a user's `time` and `top` would show.
  double liveness_seconds = 0;
  std::uint64_t product_nodes = 0;
  std::string liveness_stopped_by;  // a limit that stopped some product search, or empty
  double process_seconds = 0;
  std::uint64_t process_peak_rss_bytes = 0;
};

// Every counterexample and witness is a shortest one (BFS) and has been replayed on the
// model before it is returned. Throws InputError if the configuration cannot be packed.
SafetyReport check_safety(const model::SystemSemantics& sys,
                          const std::vector<properties::SafetyProperty>& props,
                          const std::vector<properties::ReachQuery>& queries,
                          const ExplorationLimits& limits, const ProgressFn& progress = {});

}  // namespace finwait::checker
