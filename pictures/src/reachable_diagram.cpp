// Writes an explored state graph as Graphviz DOT, with a property's violations and path marked.
#include "finwait/pictures/reachable_diagram.hpp"

#include <fmt/format.h>

#include "dot_text.hpp"

namespace finwait::pictures {
namespace {

// Two lines keep a node small enough for a few hundred of them on one page: the endpoints,
// then the channels, each "A-side | B-side".
std::string node_label(const model::SystemState& s, model::ChannelKind kind) {
  return fmt::format("{} | {}\n{} | {}", model::describe_endpoint(s.at(model::Party::A)),
                     model::describe_endpoint(s.at(model::Party::B)),
                     model::describe_channel(s.from(model::Party::A), kind),
                     model::describe_channel(s.from(model::Party::B), kind));
}

std::string node_style(const ReachableNode& n, bool initial) {
  std::string style;
  if (n.violating) style += ", style=\"rounded,filled\", fillcolor=\"#f4a6a6\"";
  if (n.on_path) style += ", color=red, penwidth=2";
  if (initial) style += ", peripheries=2";
  return style;
}

}  // namespace

void mark_path(ReachableGraph& graph, const model::Trace& trace) {
  if (graph.nodes.empty()) return;
  std::size_t at = 0;
  graph.nodes[at].on_path = true;
  for (const model::TraceStep& ts : trace.steps) {
    if (ts.step.kind == model::StepKind::Idle) continue;  // a lasso's stutter: no edge to draw
    ReachableEdge* taken = nullptr;
    for (ReachableEdge& e : graph.edges)
      if (e.from == at && e.step == ts.step && graph.nodes[e.to].state == ts.state) {
        taken = &e;
        break;
      }
    if (!taken) return;
    taken->on_path = true;
    at = taken->to;
    graph.nodes[at].on_path = true;
  }
}

std::string to_dot(const ReachableGraph& graph, std::string_view title) {
  std::string out = "digraph finwait_reachable {\n";
  out += fmt::format("  label={};\n  labelloc=t;\n  fontname=\"Helvetica\";\n", dot_quoted(title));
  out += "  node [shape=box, style=rounded, fontname=\"Helvetica\", fontsize=10];\n";
  out += "  edge [fontname=\"Helvetica\", fontsize=8];\n";
  for (std::size_t i = 0; i < graph.nodes.size(); ++i)
    out += fmt::format("  s{} [label={}{}];\n", i, dot_quoted(node_label(graph.nodes[i].state, graph.channel)),
                       node_style(graph.nodes[i], i == 0));
  for (const ReachableEdge& e : graph.edges)
    out += fmt::format("  s{} -> s{} [label={}{}];\n", e.from, e.to, dot_quoted(model::label(e.step)),
                       e.on_path ? ", color=red, penwidth=2" : "");
  return out + "}\n";
}

}  // namespace finwait::pictures
