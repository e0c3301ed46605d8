// Bounded model checking: BoundedSearch from depth 0 to the bound.
#include <algorithm>

#include "bounded_search.hpp"
#include "engines.hpp"

namespace finwait::checker::symbolic {

ProofOutcome run_bmc(const TransitionSystem& ts, const SafetyGoal& goal, unsigned bound,
                     z3::context& ctx, const Deadline& deadline) {
  bound = std::min(bound, kLargestBmcBound);
  BoundedSearch search(ctx, ts, goal, bound, deadline);
  while (search.depth() <= bound) {
    // Building a large unrolling step is not interruptible; stop between steps instead.
    const std::string at = "timeout at depth " + std::to_string(search.depth());
    if (deadline.expired()) return unknown_outcome(goal.name, "bmc", at);
    const z3::check_result r = search.ask();
    if (r == z3::sat) return search.found("bmc");
    if (r == z3::unknown)
      return unknown_outcome(goal.name, "bmc",
                             deadline.expired() ? at : "Z3: " + search.reason_unknown());
  }
  return unknown_outcome(goal.name, "bmc",
                         std::string(goal.is_reachability ? "no witness" : "no violation") +
                             " within " + std::to_string(bound) + " steps (bounded search)");
}

}  // namespace finwait::checker::symbolic
