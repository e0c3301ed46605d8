// What a user needs to believe a lasso: why its cycle is fair, which steps it may ignore, and
// the lasso without idle steps its prefix does not need. Shared by every engine's lassos.
#pragma once

#include <string>
#include <vector>

#include "finwait/model/successors.hpp"
#include "finwait/model/trace.hpp"
#include "finwait/properties/fairness.hpp"
#include "finwait/properties/formula.hpp"

namespace finwait::checker {

// One line per fair class ("weak fairness of close(A): taken at step 7"), then one per
// class the property leaves unfair that stays enabled on the whole cycle and is never taken
// ("close(A) stays enabled and is never taken ('A close'): the property assumes no fairness
// for it"): the steps the run is allowed to ignore.
std::vector<std::string> fairness_notes(const model::SystemSemantics& sys, const model::Trace& trace,
                                        const properties::FairnessSpec& fairness);

// Removes idle steps from the prefix where the lasso stays a fair counterexample without them
// (re-checked with lasso_problem): stuttering before the cycle explains nothing.
void drop_redundant_idles(const model::SystemSemantics& sys, model::Trace& trace,
                          const properties::Formula& claim, const properties::FairnessSpec& fairness);

}  // namespace finwait::checker
