// Runs one BFS with a SafetyObserver and turns first hits into verdicts with traces.
#include "finwait/checker/safety_check.hpp"

#include <cassert>
#include <stdexcept>

#include "finwait/checker/bfs_explorer.hpp"
#include "finwait/checker/bitstate_store.hpp"
#include "finwait/checker/compact_state_store.hpp"
#include "finwait/checker/parallel_bfs.hpp"
#include "finwait/model/input_error.hpp"
#include "finwait/checker/safety_observer.hpp"

namespace finwait::checker {
namespace {

model::Trace trace_for(const TraceTo& trace_to, const FirstHit& hit) {
  model::Trace trace = trace_to(hit.state);
  if (hit.step)
    trace.steps.push_back({hit.step->step, hit.step->next, hit.step->sent, hit.step->unexpected,
                           hit.step->lost_to_full_channel});
  return trace;
}

// A trace we print must replay; if it does not, the checker itself is wrong.
void require_replays(const model::SystemSemantics& sys, const model::Trace& trace) {
  if (auto failure = model::replay(sys, trace))
    throw std::logic_error("internal error: a counterexample does not replay: " + failure->message);
}

PropertyOutcome outcome_of(const model::SystemSemantics& sys, const TraceTo& trace_to,
                           const std::string& name, const std::optional<FirstHit>& hit,
                           bool complete, Verdict found, Verdict not_found) {
  PropertyOutcome out;
  out.name = name;
  if (hit) {
    out.verdict = found;
    out.trace = trace_for(trace_to, *hit);
    out.states_when_decided = hit->states_seen;
    require_replays(sys, *out.trace);
  } else {
    out.verdict = complete ? not_found : Verdict::Unknown;
  }
  return out;
}

template <std::size_t W, class Store = StateStore<W>>
SafetyReport run(const model::SystemSemantics& sys, const model::StateLayout& layout,
                 const std::vector<properties::SafetyProperty>& props,
                 const std::vector<properties::ReachQuery>& queries,
                 const ExplorationLimits& limits, const ProgressFn& progress) {
  BfsExplorer<W, Store> explorer(sys, layout, limits, progress);
  SafetyObserver observer(sys.shape(), props, queries);
  const ExplorationStats stats = explorer.run(observer);
  return report_hits(sys, observer, props, queries, stats,
                     [&explorer](StateId s) { return explorer.trace_to(s); });
}

SafetyReport run_parallel(const model::SystemSemantics& sys, const model::StateLayout& layout,
                          const std::vector<properties::SafetyProperty>& props,
                          const std::vector<properties::ReachQuery>& queries,
                          const ExplorationLimits& limits, const ProgressFn& progress) {
  ParallelBfs<SafetyObserver> explorer(sys, layout, limits, progress, limits.threads);
  std::vector<SafetyObserver> observers(limits.threads, SafetyObserver(sys.shape(), props, queries));
  const ExplorationStats stats = explorer.run(observers);
  for (std::size_t t = 1; t < observers.size(); ++t) observers[0].merge(observers[t]);
  return report_hits(sys, observers[0], props, queries, stats,
                     [&explorer](StateId s) { return explorer.trace_to(s); });
}

}  // namespace

SafetyReport report_first_hits(const model::SystemSemantics& sys,
                               const std::vector<std::optional<FirstHit>>& property_hits,
                               const std::vector<std::optional<FirstHit>>& query_hits,
                               const std::vector<properties::SafetyProperty>& props,
                               const std::vector<properties::ReachQuery>& queries,
                               const ExplorationStats& stats, const TraceTo& trace_to) {
  SafetyReport report;
  report.stats = stats;
  const bool complete = stats.complete;
  // A bitstate search may have skipped states: what it did not find, it cannot deny.
  const bool bitstate = stats.bitstate_bytes > 0;
  for (std::size_t i = 0; i < props.size(); ++i)
    report.properties.push_back(outcome_of(sys, trace_to, props[i].name,
                                           property_hits[i], complete, Verdict::Violated,
                                           bitstate ? Verdict::NoViolationFound : Verdict::Holds));
  for (std::size_t i = 0; i < queries.size(); ++i)
    report.queries.push_back(outcome_of(sys, trace_to, queries[i].text, query_hits[i],
                                        complete, Verdict::Reachable,
                                        bitstate ? Verdict::NotReached : Verdict::Unreachable));
  return report;
}

std::string_view verdict_name(Verdict v) {
  switch (v) {
    case Verdict::Holds: return "holds";
    case Verdict::Violated: return "violated";
    case Verdict::Reachable: return "reachable";
    case Verdict::Unreachable: return "unreachable";
    case Verdict::Unknown: return "unknown";
    case Verdict::NoViolationFound: return "no violation found";
    case Verdict::NotReached: return "not reached";
  }
  return "unknown";
}

SafetyReport check_safety(const model::SystemSemantics& sys,
                          const std::vector<properties::SafetyProperty>& props,
                          const std::vector<properties::ReachQuery>& queries,
                          const ExplorationLimits& limits, const ProgressFn& progress) {
  const model::StateLayout layout(sys.config(), sys.endpoints().locals());
  if (limits.compress && !CompactStateStore::fits(layout.bits()))
    throw InputError("compress", "a state of this model packs into " + std::to_string(layout.bits()) +
                                     " bits; compression serves states of at most " +
                                     std::to_string(CompactStateSet::kMaxKeyBits) + " bits");
  if (limits.bitstate_bytes > 0) {
    if (layout.words() != 1)
      throw InputError("bitstate", "a state of this model packs into " + std::to_string(layout.bits()) +
                                       " bits; the bitstate search serves states of at most 64 bits");
    return run<1, BitstateStore>(sys, layout, props, queries, limits, progress);  // one thread
  }
  if (limits.threads > 1 && ParallelBfs<SafetyObserver>::fits(layout))
    return run_parallel(sys, layout, props, queries, limits, progress);
  // A safety search never asks which old state a step reached: the compact store serves it.
  if (CompactStateStore::fits(layout.bits()))
    return run<1, CompactStateStore>(sys, layout, props, queries, limits, progress);
  switch (layout.words()) {
    case 1: return run<1>(sys, layout, props, queries, limits, progress);
    case 2: return run<2>(sys, layout, props, queries, limits, progress);
    case 3:
    case 4: return run<4>(sys, layout, props, queries, limits, progress);
    default:
      throw InputError("capacity", "the packed state needs " + std::to_string(layout.bits()) +
                                         " bits, more than the explicit engine's 256");
  }
}

}  // namespace finwait::checker
