// Builds the endpoint state diagram from the reflected table and writes it as Graphviz DOT.
#include "finwait/pictures/state_diagram.hpp"

#include <algorithm>
#include <array>
#include <fmt/format.h>

#include "dot_text.hpp"
#include "finwait/model/local_state_space.hpp"

namespace finwait::pictures {
namespace {

using model::Event;
using model::TcpState;

constexpr std::array<std::string_view, 3> kViewNames = {"full", "client", "server"};

// How often a guard holds over every input its source state can present: each legal local
// state of the source (so retx runs over 0..R exactly where MODEL.md tracks it), both parties
// and both values of channels_empty.
struct GuardCount {
  int holds = 0;
  int tried = 0;
};

GuardCount count_guard(const model::ReflectedRule& rule, const model::ModelConfig& config,
                       const model::LocalStateSpace& locals) {
  GuardCount count;
  for (const model::EndpointLocal& local : locals.all()) {
    if (local.st != rule.source) continue;
    for (model::Party self : {model::Party::A, model::Party::B})
      for (bool channels_empty : {false, true}) {
        const model::GuardInputs in{&config, self, local.retx, channels_empty};
        ++count.tried;
        if (!rule.guard || rule.guard->holds(in)) ++count.holds;
      }
  }
  return count;
}

// The segment a rule sends does not depend on retx or why, so the actions run once on
// fresh variables.
std::optional<model::Segment> segment_sent(const model::ReflectedRule& rule,
                                           const model::ModelConfig& config) {
  model::EndpointVariables vars;
  for (const model::ReflectedAction& action : rule.actions) action.apply(vars, config);
  return vars.sent;
}

std::vector<DiagramEdge> enabled_edges(const model::ReflectedTable& table,
                                       const model::ModelConfig& config) {
  const model::LocalStateSpace locals(config);
  std::vector<DiagramEdge> edges;
  for (const model::ReflectedRule& rule : table.rules) {
    const GuardCount count = count_guard(rule, config, locals);
    if (count.holds == 0) continue;
    DiagramEdge edge{rule.row, rule.source, rule.target.value_or(rule.source), rule.event,
                     segment_sent(rule, config), {}};
    // A completion row has no event to show: its guard is what makes it fire, so it stays.
    if (count.holds < count.tried || (!rule.event && rule.guard)) edge.restricting_guard = rule.guard->name;
    edges.push_back(edge);
  }
  return edges;
}

// The events that make an endpoint the passive closer: every reception of a segment that
// carries the peer's FIN (with or without our ACK deferred).
bool receives_fin(const std::optional<Event>& event) {
  return event == Event::RecvFin || event == Event::RecvFinAck ||
         event == Event::RecvFinDelayingAck;
}

bool opens_view(DiagramView view, const DiagramEdge& edge) {
  if (view == DiagramView::Client) return edge.event == Event::AppClose;
  return receives_fin(edge.event);
}

// The client (server) view is computed, not listed: the edges out of the initial state that
// the close call (a FIN's reception) fires, then every edge reachable from their targets in
// the enabled diagram. This is the textbook's "states visited by a client/server": an active
// closer never meets CLOSE_WAIT or LAST_ACK, a passive one never FIN_WAIT_*, CLOSING, TIME_WAIT.
std::vector<bool> view_states(DiagramView view, TcpState initial,
                              const std::vector<DiagramEdge>& edges) {
  std::vector<bool> reached(model::kTcpStateCount, false);
  std::vector<TcpState> frontier;
  for (const DiagramEdge& e : edges)
    if (e.source == initial && opens_view(view, e) && !reached[static_cast<int>(e.target)]) {
      reached[static_cast<int>(e.target)] = true;
      frontier.push_back(e.target);
    }
  while (!frontier.empty()) {
    const TcpState s = frontier.back();
    frontier.pop_back();
    for (const DiagramEdge& e : edges)
      if (e.source == s && !reached[static_cast<int>(e.target)]) {
        reached[static_cast<int>(e.target)] = true;
        frontier.push_back(e.target);
      }
  }
  return reached;
}

void restrict_to_view(StateDiagram& d) {
  const std::vector<bool> reached = view_states(d.view, d.initial, d.edges);
  std::erase_if(d.edges, [&](const DiagramEdge& e) {
    const bool opening = e.source == d.initial && opens_view(d.view, e);
    return !opening && !reached[static_cast<int>(e.source)];
  });
  std::erase_if(d.states, [&](TcpState s) { return s != d.initial && !reached[static_cast<int>(s)]; });
}

}  // namespace

std::string_view name(DiagramView view) { return kViewNames[static_cast<int>(view)]; }

std::optional<DiagramView> parse_diagram_view(std::string_view text) {
  for (std::size_t i = 0; i < kViewNames.size(); ++i)
    if (kViewNames[i] == text) return static_cast<DiagramView>(i);
  return std::nullopt;
}

StateDiagram endpoint_diagram(const model::ReflectedTable& table, const model::ModelConfig& config,
                              DiagramView view) {
  StateDiagram d;
  d.view = view;
  d.initial = table.initial;
  for (int s = 0; s < model::kTcpStateCount; ++s) d.states.push_back(static_cast<TcpState>(s));
  d.edges = enabled_edges(table, config);
  if (view != DiagramView::Full) restrict_to_view(d);
  return d;
}

std::string edge_label(const DiagramEdge& edge) {
  std::string label;
  if (edge.event) label = model::name(*edge.event);
  if (!edge.restricting_guard.empty())
    label += fmt::format("{}[{}]", label.empty() ? "" : " ", edge.restricting_guard);
  if (edge.sent) label += fmt::format("{}/ {}", label.empty() ? "" : " ", model::name(*edge.sent));
  return label;
}

std::string to_dot(const StateDiagram& d, std::string_view title) {
  std::string out = "digraph finwait {\n";
  out += fmt::format("  label={};\n  labelloc=t;\n  fontname=\"Helvetica\";\n", dot_quoted(title));
  out += "  node [shape=ellipse, fontname=\"Helvetica\"];\n";
  out += "  edge [fontname=\"Helvetica\", fontsize=10];\n";
  out += "  start [shape=point, label=\"\"];\n";
  for (TcpState s : d.states)
    out += fmt::format("  {}{};\n", model::name(s), s == TcpState::Closed ? " [shape=doublecircle]" : "");
  out += fmt::format("  start -> {};\n", model::name(d.initial));
  // dot (2.43) draws a state's self-loops nested, each label at its loop's right end, and
  // the next loop runs through that label; trailing spaces widen each loop past its label.
  for (const DiagramEdge& e : d.edges)
    out += fmt::format("  {} -> {} [label={}];\n", model::name(e.source), model::name(e.target),
                       dot_quoted(edge_label(e) + (e.source == e.target ? "    " : "")));
  return out + "}\n";
}

}  // namespace finwait::pictures
