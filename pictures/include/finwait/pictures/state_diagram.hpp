// The endpoint state diagram: the reflected Boost.MSM table, filtered by a configuration, as a graph and as DOT.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "finwait/model/config.hpp"
#include "finwait/model/reflected_table.hpp"

namespace finwait::pictures {

// Full: every state and every rule that can fire. Client: what an endpoint can visit when its
// first move out of the initial state is the close call (the active closer). Server: the same
// when its first move is the reception of a FIN (the passive closer). See state_diagram.cpp.
enum class DiagramView { Full, Client, Server };

std::string_view name(DiagramView view);  // "full", "client", "server"
std::optional<DiagramView> parse_diagram_view(std::string_view text);

// One table rule that can fire under the configuration.
struct DiagramEdge {
  int row = 0;  // the rule's position in the MSM table
  model::TcpState source = model::TcpState::Closed;
  model::TcpState target = model::TcpState::Closed;  // the source for an internal transition
  std::optional<model::Event> event;                 // none for a completion transition
  std::optional<model::Segment> sent;                // what the rule's actions send
  // The guard's name when it holds for some inputs but not all (retx<R, 2msl-allowed):
  // a guard that always holds under the configuration says nothing and is left out, except on
  // a completion row, where it is all the label has to say.
  std::string_view restricting_guard;
};

struct StateDiagram {
  DiagramView view = DiagramView::Full;
  model::TcpState initial = model::TcpState::Established;
  std::vector<model::TcpState> states;  // in TcpState order
  std::vector<DiagramEdge> edges;       // in table order
};

// The rules of `table` whose guard holds for some legal local state of their source (retx up to
// the retries bound), some channels_empty and some party, restricted to `view`.
StateDiagram endpoint_diagram(const model::ReflectedTable& table, const model::ModelConfig& config,
                              DiagramView view);

// "close / FIN", "retransmit [retx<R] / FINACK", "recv ACK", "[time_wait=none]".
std::string edge_label(const DiagramEdge& edge);

// Graphviz DOT: states are nodes named by their RFC names, an arrow from a point marks the
// initial state, CLOSED is a double circle; `title` is printed above the picture.
std::string to_dot(const StateDiagram& diagram, std::string_view title);

}  // namespace finwait::pictures
