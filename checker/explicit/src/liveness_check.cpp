// Liveness by automata: translate the negated claim, search the product for a fair cycle.
#include "finwait/checker/liveness_check.hpp"

#include <stdexcept>

#include <unistd.h>

#include "fair_cycles.hpp"
#include "finwait/checker/lasso_check.hpp"
#include "finwait/checker/lasso_notes.hpp"
#include "lasso_builder.hpp"
#include "product_graph.hpp"

namespace finwait::checker {

namespace {

// The product search's memory, about 40 bytes per potential node (states x automaton states).
double product_bytes(const StateGraph& graph, const properties::Buchi& automaton) {
  return 40.0 * static_cast<double>(graph.size()) * static_cast<double>(automaton.states.size());
}

std::string too_big_note(const StateGraph& graph, const properties::Buchi& automaton, const char* over) {
  return "the product of " + std::to_string(graph.size()) + " states and a " +
         std::to_string(automaton.states.size()) + "-state automaton needs more memory than " + over;
}

std::string limit_note(const std::string& limit, std::uint64_t nodes) {
  return std::string("stopped by the ") + (limit == "max_memory" ? "memory" : "time") +
         " limit in the liveness phase, after " + std::to_string(nodes) + " product nodes";
}

// Searches the product for a fair accepting cycle; throws LimitReached.
void search_lasso(const StateGraph& graph, const properties::Buchi& automaton,
                  const properties::Formula& claim, const properties::FairnessSpec& fairness,
                  Budget& budget, PropertyOutcome& out, LivenessStats& stats) {
  const ProductGraph product(graph, automaton, budget);
  FairCycleSearch search(product, fairness, budget);
  search.explore_reachable();
  stats.product_nodes = search.reachable_count();
  const auto fair = search.find();
  if (!fair) {
    out.verdict = Verdict::Holds;
    return;
  }
  out.verdict = Verdict::Violated;
  out.trace = build_lasso(product, search, *fair, fairness);
  if (auto failure = model::replay(graph.semantics(), *out.trace))
    throw std::logic_error("internal error: a lasso does not replay: " + failure->message);
  // Cross-check the automaton pipeline with direct evaluation of the claim on the lasso.
  if (auto problem = lasso_problem(graph.semantics(), *out.trace, claim, fairness))
    throw std::logic_error("internal error: a lasso is not a counterexample: " + *problem);
  drop_redundant_idles(graph.semantics(), *out.trace, claim, fairness);
  out.notes = fairness_notes(graph.semantics(), *out.trace, fairness);
}

}  // namespace

PropertyOutcome check_liveness(const StateGraph& graph, const std::string& name,
                               const properties::Formula& claim,
                               const properties::FairnessSpec& fairness, LivenessStats* stats,
                               Budget* budget) {
  const double start = process_seconds();
  Budget unlimited;
  Budget& limits = budget != nullptr ? *budget : unlimited;
  LivenessStats local;
  LivenessStats& st = stats != nullptr ? *stats : local;
  PropertyOutcome out;
  out.name = name;
  // States at the frontier of a partial graph were never expanded: they would pass for
  // deadlocks where a run may stop. No verdict can be drawn from such a graph.
  if (!graph.stats().complete) return out;
  properties::Formula negated;
  negated.kind = properties::Formula::Kind::Not;
  negated.children.push_back(claim);
  properties::Buchi automaton;
  limits.begin_phase("translation of " + name);
  try {
    automaton = properties::translate(negated, name, [&limits] { limits.check(0); });
  } catch (const LimitReached& reached) {
    out.notes.push_back(std::string("stopped by the ") + (reached.limit == "max_memory" ? "memory" : "time") +
                        " limit while translating the claim into an automaton");
    st.stopped_by = reached.limit;
    st.seconds = process_seconds() - start;
    return out;
  }
  st.automaton_states = automaton.states.size();
  // Refuse cleanly, as a verdict, rather than exhaust memory or pass the limit mid-allocation.
  const double needed = product_bytes(graph, automaton);
  const double physical = static_cast<double>(sysconf(_SC_PHYS_PAGES)) * static_cast<double>(sysconf(_SC_PAGE_SIZE));
  if (needed > 0.7 * physical) {
    out.notes.push_back(too_big_note(graph, automaton, "this machine has"));
  } else if (limits.would_pass_memory(needed)) {
    out.notes.push_back(too_big_note(graph, automaton, "the memory limit leaves"));
    st.stopped_by = "max_memory";
  } else {
    limits.begin_phase("liveness of " + name);
    try {
      search_lasso(graph, automaton, claim, fairness, limits, out, st);
    } catch (const LimitReached& reached) {
      out = PropertyOutcome{};
      out.name = name;
      out.notes.push_back(limit_note(reached.limit, st.product_nodes));
      st.stopped_by = reached.limit;
    }
  }
  out.states_when_decided = graph.size();
  st.seconds = process_seconds() - start;
  return out;
}

}  // namespace finwait::checker
