// Lasso explanations shared by every engine: idle steps in a prefix are dropped when the
// lasso stays a fair counterexample without them, and unfair steps the cycle ignores are named.
#include <catch2/catch.hpp>

#include "finwait/checker/lasso_check.hpp"
#include "finwait/checker/lasso_notes.hpp"
#include "finwait/properties/property_file.hpp"
#include "test_support.hpp"

using namespace finwait;

namespace {

model::TraceStep idle_in(const model::SystemState& s) {
  model::TraceStep t;
  t.step.kind = model::StepKind::Idle;
  t.state = s;
  return t;
}

}  // namespace

// Issue 12, observation 8: a lasso prefix could hold an idle step that explains nothing.
TEST_CASE("an idle step in a lasso's prefix is dropped, one in its cycle kept", "[explore]") {
  const model::SystemSemantics sys{model::ModelConfig{}};
  const auto spec = properties::resolve_property("no-close-wait-hang-lazy-app");
  model::Trace run = testing::run_steps(sys, {"B close", "B->A deliver FIN", "A->B deliver ACK"});
  model::Trace lasso;
  lasso.initial = run.initial;
  lasso.steps.push_back(idle_in(run.initial));  // redundant: the run has not started
  lasso.steps.insert(lasso.steps.end(), run.steps.begin(), run.steps.end());
  lasso.steps.push_back(idle_in(run.steps.back().state));
  lasso.cycle_start = lasso.steps.size() - 1;
  REQUIRE_FALSE(checker::lasso_problem(sys, lasso, spec.claim, spec.fairness));

  checker::drop_redundant_idles(sys, lasso, spec.claim, spec.fairness);
  CHECK(lasso.steps.size() == 4);
  CHECK(lasso.cycle_start == 3u);
  CHECK(lasso.steps.front().step.kind == model::StepKind::Close);
  CHECK(lasso.steps.back().step.kind == model::StepKind::Idle);
  CHECK_FALSE(checker::lasso_problem(sys, lasso, spec.claim, spec.fairness));

  const auto notes = checker::fairness_notes(sys, lasso, spec.fairness);
  REQUIRE(notes.size() == 2);
  CHECK(notes[0] == "the run stops here forever: no step that fairness obliges is enabled");
  CHECK(notes[1] == "close(A) stays enabled and is never taken ('A close'): the property assumes no fairness for it");
}
