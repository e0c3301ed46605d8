// Checks a list of properties of any kind on one model, each by the engine that suits it.
#pragma once

#include <vector>

#include "finwait/checker/safety_check.hpp"
#include "finwait/properties/property_file.hpp"

namespace finwait::checker {

// Invariants, built-ins and reachability claims share one BFS (shortest traces); temporal
// claims run on the explored graph under their own fairness. report.properties follows
// `specs`; report.queries follows `reach`.
SafetyReport check_properties(const model::SystemSemantics& sys,
                              const std::vector<properties::PropertySpec>& specs,
                              const std::vector<properties::ReachQuery>& reach,
                              const ExplorationLimits& limits, const ProgressFn& progress = {});

}  // namespace finwait::checker
