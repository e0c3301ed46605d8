// Checks a list of properties of any kind on one model, each by the engine that suits it.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "finwait/checker/safety_check.hpp"
#include "finwait/properties/property_file.hpp"

namespace finwait::checker {

// A safety search that runs elsewhere: the distributed search over MPI. It records no state
// graph, so temporal claims are refused with an InputError at `where` saying `why_no_temporal`.
struct SafetySearch {
  std::string where;            // e.g. "mpirun"
  std::string why_no_temporal;  // e.g. "the distributed search serves safety and reachability"
  std::function<SafetyReport(const model::SystemSemantics&, const std::vector<properties::SafetyProperty>&,
                             const std::vector<properties::ReachQuery>&, const ExplorationLimits&,
                             const ProgressFn&)>
      run;
};

// Invariants, built-ins and reachability claims share one BFS (shortest traces); temporal
// claims run on the explored graph under their own fairness. report.properties follows
// `specs`; report.queries follows `reach`.
SafetyReport check_properties(const model::SystemSemantics& sys,
                              const std::vector<properties::PropertySpec>& specs,
                              const std::vector<properties::ReachQuery>& reach,
                              const ExplorationLimits& limits, const ProgressFn& progress = {},
                              const SafetySearch* search = nullptr);

}  // namespace finwait::checker
