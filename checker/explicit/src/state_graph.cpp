// Records every transition of a BFS into compressed adjacency lists.
#include "finwait/checker/state_graph.hpp"

#include "finwait/checker/bfs_explorer.hpp"
#include "finwait/checker/parallel_bfs.hpp"
#include "finwait/model/input_error.hpp"
#include "finwait/checker/safety_observer.hpp"

namespace finwait::checker {
namespace {

// BFS expands states in id order and reports each state's transitions together, so the
// adjacency lists can be appended as they come.
struct GraphRecorder {
  std::vector<std::uint64_t>* offsets;
  std::vector<StateId>* targets;
  std::vector<model::Step>* steps;
  std::vector<properties::ClassMask>* enabled;
  SafetyObserver* also;  // or null

  void close_up_to(StateId s) {
    while (offsets->size() <= s) {
      offsets->push_back(targets->size());
      enabled->push_back(0);
    }
  }
  void on_state(StateId id, const model::SystemState& s, std::uint64_t depth) {
    if (also) also->on_state(id, s, depth);
  }
  template <class Successor>
  void on_transition(StateId from, const Successor& t, StateId to) {
    if (also) also->on_transition(from, t, to);
    close_up_to(from);
    targets->push_back(to);
    steps->push_back(t.step());
    if (auto c = properties::step_class(t.step())) enabled->back() |= properties::ClassMask{1} << *c;
  }
  void on_deadlock(StateId s, const model::SystemState& state) {
    if (also) also->on_deadlock(s, state);
    close_up_to(s);
  }
};

}  // namespace

template <std::size_t W>
StateGraph StateGraph::explore_with(const model::SystemSemantics& sys,
                                    const ExplorationLimits& limits, const ProgressFn& progress,
                                    SafetyObserver* also) {
  auto layout = std::make_shared<model::StateLayout>(sys.config(), sys.endpoints().locals());
  auto explorer = std::make_shared<BfsExplorer<W>>(sys, *layout, limits, progress);
  StateGraph g;
  g.m_sys = &sys;
  g.m_offsets.clear();
  GraphRecorder rec{&g.m_offsets, &g.m_targets, &g.m_steps, &g.m_enabled, also};
  g.m_stats = explorer->run(rec);
  // Close the lists of states never expanded (an exploration stopped by a limit).
  rec.close_up_to(static_cast<StateId>(explorer->store().size() - 1));
  g.m_offsets.push_back(g.m_targets.size());
  g.m_decode = [explorer](StateId s) { return explorer->state(s); };
  g.m_trace = [explorer](StateId s) { return explorer->trace_to(s); };
  g.m_store = std::make_shared<std::pair<decltype(layout), decltype(explorer)>>(layout, explorer);
  return g;
}

StateGraph StateGraph::explore(const model::SystemSemantics& sys, const ExplorationLimits& limits,
                               const ProgressFn& progress, SafetyObserver* also) {
  const model::StateLayout layout(sys.config(), sys.endpoints().locals());
  if (limits.threads > 1 && ParallelBfs<SafetyObserver>::fits(layout))
    return explore_parallel(sys, limits, progress, also);
  switch (layout.words()) {
    case 1: return explore_with<1>(sys, limits, progress, also);
    case 2: return explore_with<2>(sys, limits, progress, also);
    case 3:
    case 4: return explore_with<4>(sys, limits, progress, also);
    default:
      throw InputError("capacity", "the packed state needs " + std::to_string(layout.bits()) +
                                         " bits, more than the explicit engine's 256");
  }
}

std::size_t StateGraph::bytes() const {
  return m_offsets.capacity() * sizeof(std::uint64_t) + m_targets.capacity() * sizeof(StateId) +
         m_steps.capacity() * sizeof(model::Step) +
         m_enabled.capacity() * sizeof(properties::ClassMask);
}

}  // namespace finwait::checker
