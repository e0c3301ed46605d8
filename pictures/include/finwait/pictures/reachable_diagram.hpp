// The explored state graph of a small configuration (system states and steps) as Graphviz DOT.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "finwait/model/config.hpp"
#include "finwait/model/step.hpp"
#include "finwait/model/system_state.hpp"
#include "finwait/model/trace.hpp"

namespace finwait::pictures {

// Filled by whoever explored the model (the CLI calls the explicit engine); node 0 is the
// initial state. `violating`: the state breaks the highlighted property; `on_path`: the
// property's counterexample passes through it.
struct ReachableNode {
  model::SystemState state;
  bool violating = false;
  bool on_path = false;
};

struct ReachableEdge {
  std::size_t from = 0;
  std::size_t to = 0;
  model::Step step;
  bool on_path = false;
};

struct ReachableGraph {
  model::ChannelKind channel = model::ChannelKind::Fifo;
  std::vector<ReachableNode> nodes;
  std::vector<ReachableEdge> edges;
};

// Marks the nodes and edges a trace walks through, from node 0; for each step the first edge
// with that label to a node holding the recorded state. A trace that leaves the graph is
// marked up to that point (it cannot, if both come from the same model).
void mark_path(ReachableGraph& graph, const model::Trace& trace);

// One node per system state, labelled with both endpoints and both channels; one edge per
// step, labelled as traces label it. Violating states are filled red, the path drawn bold red.
std::string to_dot(const ReachableGraph& graph, std::string_view title);

}  // namespace finwait::pictures
