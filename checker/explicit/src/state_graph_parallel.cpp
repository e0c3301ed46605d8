// The state graph on several threads: the parallel search numbers the states exactly as the
// sequential one does, then the threads index them and record every state's edges.
#include <algorithm>
#include <thread>

#include "finwait/checker/parallel_bfs.hpp"
#include "finwait/checker/safety_observer.hpp"
#include "finwait/checker/state_graph.hpp"
#include "state_id_index.hpp"

namespace finwait::checker {
namespace {

// Runs body(begin, end) on `threads` threads over consecutive slices of [0, count).
template <class Body>
void in_slices(std::size_t count, unsigned threads, Body body) {
  std::vector<std::jthread> workers;
  for (unsigned t = 0; t < threads; ++t)
    workers.emplace_back([=, &body] { body(count * t / threads, count * (t + 1) / threads); });
}

}  // namespace

// Three passes, each on every thread:
//   1. ParallelBfs: the states, in the sequential search's id order, with the safety observer
//      (`also`) fed as in a safety search;
//   2. StateIdIndex: packed state -> id, each thread filling its own shards;
//   3. the edges: each thread takes a slice of the expanded states, counts their successors
//      (the offsets), then, once the arrays are sized, expands them again and writes each
//      target id and step in place.
// Successors come in SystemSemantics's order and ids are the sequential ones, so the graph is
// the sequential search's, edge for edge: liveness verdicts and lassos do not depend on the
// number of threads.
StateGraph StateGraph::explore_parallel(const model::SystemSemantics& sys, const ExplorationLimits& limits,
                                        const ProgressFn& progress, SafetyObserver* also) {
  const unsigned threads = limits.threads;
  auto layout = std::make_shared<model::StateLayout>(sys.config(), sys.endpoints().locals());
  auto bfs = std::make_shared<ParallelBfs<SafetyObserver>>(sys, *layout, limits, progress, threads);
  const std::vector<properties::SafetyProperty> no_properties;
  const std::vector<properties::ReachQuery> no_queries;
  const SafetyObserver none(sys.shape(), no_properties, no_queries);
  std::vector<SafetyObserver> observers(threads, also ? *also : none);
  StateGraph g;
  g.m_sys = &sys;
  g.m_stats = bfs->run(observers);
  if (also)
    for (const SafetyObserver& o : observers) also->merge(o);

  const PackedStateArray& states = bfs->states();
  const std::size_t count = states.size(), expanded = bfs->expanded();
  auto index = std::make_shared<StateIdIndex>(states, count, threads);
  const PackedSuccessors<1> successors(sys, *layout);

  g.m_offsets.assign(count + 1, 0);
  in_slices(expanded, threads, [&](std::size_t begin, std::size_t end) {
    for (std::size_t id = begin; id < end; ++id) {
      std::uint64_t n = 0;
      successors.for_each({states[id]}, [&n](const model::Step&, const model::PackedState<1>&, std::int8_t, bool,
                                             bool) { ++n; });
      g.m_offsets[id + 1] = n;
    }
  });
  for (std::size_t id = 0; id < count; ++id) g.m_offsets[id + 1] += g.m_offsets[id];
  g.m_targets.resize(g.m_offsets[count]);
  g.m_steps.resize(g.m_offsets[count]);
  g.m_enabled.assign(count, 0);
  in_slices(expanded, threads, [&](std::size_t begin, std::size_t end) {
    for (std::size_t id = begin; id < end; ++id) {
      std::uint64_t e = g.m_offsets[id];
      properties::ClassMask enabled = 0;
      successors.for_each({states[id]}, [&](const model::Step& step, const model::PackedState<1>& next,
                                            std::int8_t, bool, bool) {
        g.m_targets[e] = index->find(next[0]);
        g.m_steps[e++] = step;
        if (auto c = properties::step_class(step)) enabled |= properties::ClassMask{1} << *c;
      });
      g.m_enabled[id] = enabled;
    }
  });
  g.m_stats.store_bytes += index->bytes();
  g.m_decode = [bfs, layout](StateId s) { return layout->unpack<1>({bfs->states()[s]}); };
  g.m_trace = [bfs](StateId s) { return bfs->trace_to(s); };
  g.m_store = std::make_shared<std::tuple<decltype(layout), decltype(bfs), decltype(index)>>(layout, bfs, index);
  return g;
}

}  // namespace finwait::checker
