// Routes each property to the BFS safety checker or to the liveness checker.
#include "finwait/checker/check_properties.hpp"

#include <optional>

#include "finwait/checker/liveness_check.hpp"

namespace finwait::checker {

SafetyReport check_properties(const model::SystemSemantics& sys,
                              const std::vector<properties::PropertySpec>& specs,
                              const std::vector<properties::ReachQuery>& reach,
                              const ExplorationLimits& limits, const ProgressFn& progress) {
  using properties::ClaimKind;
  std::vector<properties::SafetyProperty> safety;
  std::vector<properties::ReachQuery> queries;
  bool temporal = false;
  for (const auto& spec : specs) {
    if (spec.kind == ClaimKind::Reachable) queries.push_back({spec.name, spec.claim});
    else if (spec.kind == ClaimKind::Temporal) temporal = true;
    else safety.push_back(properties::as_safety(spec));
  }
  const std::size_t spec_queries = queries.size();
  queries.insert(queries.end(), reach.begin(), reach.end());
  // Temporal claims alone need only the graph's exploration, which gives the same statistics.
  const bool need_bfs = !safety.empty() || !queries.empty() || !temporal;
  const SafetyReport bfs = need_bfs ? check_safety(sys, safety, queries, limits, progress) : SafetyReport{};

  std::optional<StateGraph> graph;
  if (temporal) graph = StateGraph::explore(sys, limits, progress);
  SafetyReport report;
  report.stats = need_bfs ? bfs.stats : graph->stats();
  std::size_t next_safety = 0, next_query = 0;
  for (const auto& spec : specs) {
    if (spec.kind == ClaimKind::Reachable)
      report.properties.push_back(bfs.queries[next_query++]);
    else if (spec.kind == ClaimKind::Temporal)
      report.properties.push_back(check_liveness(*graph, spec.name, spec.claim, spec.fairness));
    else
      report.properties.push_back(bfs.properties[next_safety++]);
  }
  report.queries.assign(bfs.queries.begin() + static_cast<std::ptrdiff_t>(spec_queries),
                        bfs.queries.end());
  return report;
}

}  // namespace finwait::checker
