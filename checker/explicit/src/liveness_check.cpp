// Liveness by automata: translate the negated claim, search the product for a fair cycle.
#include "finwait/checker/liveness_check.hpp"

#include <chrono>
#include <stdexcept>

#include <unistd.h>

#include "fair_cycles.hpp"
#include "finwait/checker/lasso_check.hpp"
#include "finwait/checker/lasso_notes.hpp"
#include "lasso_builder.hpp"
#include "product_graph.hpp"

namespace finwait::checker {

PropertyOutcome check_liveness(const StateGraph& graph, const std::string& name,
                               const properties::Formula& claim,
                               const properties::FairnessSpec& fairness, LivenessStats* stats) {
  const auto start = std::chrono::steady_clock::now();
  PropertyOutcome out;
  out.name = name;
  properties::Formula negated;
  negated.kind = properties::Formula::Kind::Not;
  negated.children.push_back(claim);
  // States at the frontier of a partial graph were never expanded: they would pass for
  // deadlocks where a run may stop. No verdict can be drawn from such a graph.
  if (!graph.stats().complete) {
    out.verdict = Verdict::Unknown;
    return out;
  }
  const properties::Buchi automaton = properties::translate(negated, name);
  // The search keeps about 40 bytes per potential product node (states x automaton states);
  // refuse cleanly, as a verdict, rather than exhaust memory.
  const double needed = 40.0 * static_cast<double>(graph.size()) * static_cast<double>(automaton.states.size());
  const double physical = static_cast<double>(sysconf(_SC_PHYS_PAGES)) * static_cast<double>(sysconf(_SC_PAGE_SIZE));
  if (needed > 0.7 * physical) {
    out.verdict = Verdict::Unknown;
    out.notes.push_back("the product of " + std::to_string(graph.size()) + " states and a " +
                        std::to_string(automaton.states.size()) +
                        "-state automaton needs more memory than this machine has");
    return out;
  }
  const ProductGraph product(graph, automaton);
  FairCycleSearch search(product, fairness);
  search.explore_reachable();
  const auto fair = search.find();
  if (fair) {
    out.verdict = Verdict::Violated;
    out.trace = build_lasso(product, search, *fair, fairness);
    if (auto failure = model::replay(graph.semantics(), *out.trace))
      throw std::logic_error("internal error: a lasso does not replay: " + failure->message);
    // Cross-check the automaton pipeline with direct evaluation of the claim on the lasso.
    if (auto problem = lasso_problem(graph.semantics(), *out.trace, claim, fairness))
      throw std::logic_error("internal error: a lasso is not a counterexample: " + *problem);
    drop_redundant_idles(graph.semantics(), *out.trace, claim, fairness);
    out.notes = fairness_notes(graph.semantics(), *out.trace, fairness);
  } else {
    out.verdict = Verdict::Holds;
  }
  out.states_when_decided = graph.size();
  if (stats != nullptr) {
    stats->automaton_states = automaton.states.size();
    stats->product_nodes = search.reachable_count();
    stats->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  return out;
}

}  // namespace finwait::checker
