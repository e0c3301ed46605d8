// Lasso words and the fairness of their cycles, recomputed from the model.
#include "finwait/checker/lasso_check.hpp"

#include "finwait/properties/buchi.hpp"

namespace finwait::checker {
namespace {

using properties::ClassMask;

ClassMask enabled_classes(const model::SystemSemantics& sys, const model::SystemState& s) {
  ClassMask m = 0;
  sys.for_each_successor(s, [&m](const model::Transition& t) {
    if (auto c = properties::step_class(t.step)) m |= ClassMask{1} << *c;
  });
  return m;
}

}  // namespace

std::optional<std::string> lasso_problem(const model::SystemSemantics& sys, const model::Trace& trace,
                                         const properties::Formula& claim,
                                         const properties::FairnessSpec& fairness) {
  if (!trace.cycle_start || *trace.cycle_start >= trace.steps.size()) return "it has no cycle";
  const std::size_t c = *trace.cycle_start, n = trace.steps.size();
  // Letters: position 0 is the initial state; position i > 0 is the state after step i-1 with
  // that step. Positions c+1..n repeat forever.
  const std::vector<properties::Formula> predicates = properties::predicates_of(claim, "claim");
  auto letter = [&](std::size_t pos) {
    const model::Step* step = pos == 0 ? nullptr : &trace.steps[pos - 1].step;
    const model::SystemState& s = pos == 0 ? trace.initial : trace.steps[pos - 1].state;
    properties::PredicateMask m = 0;
    for (std::size_t i = 0; i < predicates.size(); ++i)
      if (properties::evaluate(predicates[i], s, sys.shape(), step)) m |= properties::PredicateMask{1} << i;
    return m;
  };
  std::vector<properties::PredicateMask> prefix, cycle;
  for (std::size_t pos = 0; pos <= c; ++pos) prefix.push_back(letter(pos));
  for (std::size_t pos = c + 1; pos <= n; ++pos) cycle.push_back(letter(pos));
  if (properties::holds_on_lasso(claim, predicates, prefix, cycle))
    return "the claim holds on this run";

  ClassMask taken = 0, enabled_somewhere = 0, disabled_somewhere = 0;
  for (std::size_t i = c; i < n; ++i) {
    if (auto cls = properties::step_class(trace.steps[i].step)) taken |= ClassMask{1} << *cls;
    const ClassMask en = enabled_classes(sys, trace.state_before(i));
    enabled_somewhere |= en;
    disabled_somewhere |= ~en;
  }
  for (int cls = 0; cls < properties::kStepClassCount; ++cls) {
    const ClassMask bit = ClassMask{1} << cls;
    const auto f = fairness.of[cls];
    if (f == properties::Fairness::Weak && !(taken & bit) && !(disabled_somewhere & bit))
      return "the cycle is unfair: " + properties::class_name(cls) + " stays enabled and is never taken";
    if (f == properties::Fairness::Strong && !(taken & bit) && (enabled_somewhere & bit))
      return "the cycle is unfair: " + properties::class_name(cls) + " is enabled again and again but never taken";
  }
  return std::nullopt;
}

}  // namespace finwait::checker
