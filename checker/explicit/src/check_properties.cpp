// Routes each property to its checker; one exploration feeds the safety observer and, with
// temporal claims, the state graph the liveness checker reads.
#include "finwait/checker/check_properties.hpp"

#include <optional>

#include "finwait/checker/liveness_check.hpp"
#include "finwait/model/input_error.hpp"
#include "finwait/checker/safety_observer.hpp"

namespace finwait::checker {

SafetyReport check_properties(const model::SystemSemantics& sys,
                              const std::vector<properties::PropertySpec>& specs,
                              const std::vector<properties::ReachQuery>& reach,
                              const ExplorationLimits& limits, const ProgressFn& progress,
                              const SafetySearch* search) {
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
  // One exploration serves everything: with temporal claims, the search that records the
  // graph also feeds the safety observer (same breadth-first order, so the same shortest
  // traces as a search of its own).
  if (temporal && search) throw InputError(search->where, search->why_no_temporal);
  if (temporal && limits.bitstate_bytes > 0)
    throw InputError("bitstate", "temporal properties need the whole state graph; the bitstate "
                                 "search serves safety and reachability properties only");
  if (temporal && limits.compress)
    throw InputError("compress", "temporal properties need the whole state graph in memory; "
                                 "compression serves safety and reachability properties only");
  std::optional<StateGraph> graph;
  SafetyReport bfs;
  if (temporal) {
    SafetyObserver observer(sys.shape(), safety, queries);
    graph = StateGraph::explore(sys, limits, progress, &observer);
    bfs = report_hits(sys, observer, safety, queries, graph->stats(),
                      [&graph](StateId s) { return graph->trace_to(s); });
  } else {
    bfs = search ? search->run(sys, safety, queries, limits, progress)
                 : check_safety(sys, safety, queries, limits, progress);
  }
  SafetyReport report;
  report.stats = bfs.stats;
  // The exploration kept its own limit checks (tuned for its loop); the liveness phase asks
  // the same limits through a budget, on the process's clock.
  Budget budget(limits, progress);
  std::size_t next_safety = 0, next_query = 0;
  for (const auto& spec : specs) {
    if (spec.kind == ClaimKind::Reachable) {
      report.properties.push_back(bfs.queries[next_query++]);
    } else if (spec.kind == ClaimKind::Temporal) {
      LivenessStats st;
      report.properties.push_back(check_liveness(*graph, spec.name, spec.claim, spec.fairness, &st, &budget));
      report.liveness_seconds += st.seconds;
      report.product_nodes += st.product_nodes;
      if (report.liveness_stopped_by.empty()) report.liveness_stopped_by = st.stopped_by;
    } else {
      report.properties.push_back(bfs.properties[next_safety++]);
    }
  }
  report.queries.assign(bfs.queries.begin() + static_cast<std::ptrdiff_t>(spec_queries),
                        bfs.queries.end());
  report.process_seconds = process_seconds();
  report.process_peak_rss_bytes = peak_rss_bytes();
  return report;
}

}  // namespace finwait::checker
