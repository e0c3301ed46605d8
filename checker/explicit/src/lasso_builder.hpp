// Builds a replayable lasso through a fair component, and says why its cycle is fair.
#pragma once

#include <string>
#include <vector>

#include "fair_cycles.hpp"
#include "finwait/model/trace.hpp"

namespace finwait::checker {

model::Trace build_lasso(const ProductGraph& product, const FairCycleSearch& search,
                         const FairComponent& component, const properties::FairnessSpec& fairness);

}  // namespace finwait::checker
