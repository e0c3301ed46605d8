// `finwait diagram`: the endpoint state diagram (or a small model's state graph) as DOT, SVG or PNG.
#include <fmt/format.h>
#include <fmt/ostream.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "output_file.hpp"
#include "check_report.hpp"
#include "commands.hpp"
#include "finwait/checker/check_properties.hpp"
#include "finwait/checker/state_graph.hpp"
#include "finwait/model/input_error.hpp"
#include "finwait/pictures/reachable_diagram.hpp"
#include "finwait/pictures/state_diagram.hpp"
#include "graphviz.hpp"
#include "model_options.hpp"

namespace finwait::cli {
namespace {

// A picture of more states than this is a grey smear, and Graphviz takes minutes to lay it out.
constexpr std::uint64_t kReachableLimit = 500;
// Above this the exploration stops: the refusal then says "at least".
constexpr std::uint64_t kReachableExplorationCap = 100'000;

// --format, or the output's extension, or DOT.
std::string chosen_format(const DiagramOptions& o) {
  if (!o.format.empty()) {
    if (o.format == "dot" || o.format == "svg" || o.format == "png") return o.format;
    throw InputError("--format", "unknown format '" + o.format + "'; expected dot, svg or png");
  }
  if (o.output.empty() || o.output == "-") return "dot";
  const std::string ext = std::filesystem::path(o.output).extension().string();
  if (ext.empty() || ext == ".dot" || ext == ".gv") return "dot";
  if (ext == ".svg" || ext == ".png") return ext.substr(1);
  throw InputError("--format", "cannot tell the format of '" + o.output +
                                   "' from its extension; give --format dot, svg or png");
}

std::string model_words(const model::ModelConfig& config) {
  const std::string flags = flags_text(config);
  return flags.empty() ? "MODEL.md defaults" : flags;
}

// DOT goes out as it is; SVG and PNG through `dot`, into the file or, through a scratch file,
// onto the output stream (which may be a test's string stream, not a descriptor).
void emit(const std::string& dot_text, const DiagramOptions& o, std::ostream& out) {
  const std::string format = chosen_format(o);
  const bool to_stream = o.output.empty() || o.output == "-";
  if (format == "dot" && to_stream) {
    out << dot_text;
    return;
  }
  if (format == "dot") {
    write_output_file(o.output, dot_text, "-o");
    return;
  }
  if (!to_stream) return run_dot(dot_text, format, o.output);
  out << render_dot(dot_text, format);
}

std::string state_diagram_dot(const model::ModelConfig& config, const std::string& view_text) {
  const auto view = pictures::parse_diagram_view(view_text);
  if (!view) throw InputError("--view", "unknown view '" + view_text + "'; expected full, client or server");
  const auto diagram = pictures::endpoint_diagram(model::reflected_table(), config, *view);
  const std::string title = fmt::format("finwait endpoint states, view {} (model: {})",
                                        pictures::name(*view), model_words(config));
  return pictures::to_dot(diagram, title);
}

// The --reachable picture, in the second half of this file.
std::string reachable_dot(const model::ModelConfig& config, const std::string& property);

}  // namespace

int run_diagram(const model::ModelConfig& config, const DiagramOptions& options, std::ostream& out) {
  if (!options.property.empty() && !options.reachable)
    throw InputError("--property", "colours the states of --reachable; add --reachable");
  chosen_format(options);  // a bad --format is reported before any work
  const std::string dot_text = options.reachable ? reachable_dot(config, options.property)
                                                 : state_diagram_dot(config, options.view);
  emit(dot_text, options, out);
  return 0;
}

// ---- --reachable ----------------------------------------------------------------------
namespace {

pictures::ReachableGraph graph_of(const checker::StateGraph& g) {
  pictures::ReachableGraph graph;
  graph.channel = g.semantics().config().channel;
  for (checker::StateId s = 0; s < g.size(); ++s) {
    graph.nodes.push_back({g.state(s), false, false});
    for (std::size_t e = g.edge_begin(s); e < g.edge_end(s); ++e)
      graph.edges.push_back({s, g.target(e), g.step(e), false});
  }
  return graph;
}

checker::StateGraph explore_small(const model::SystemSemantics& sys) {
  checker::ExplorationLimits limits;
  limits.max_states = kReachableExplorationCap;
  auto g = checker::StateGraph::explore(sys, limits);
  if (g.size() > kReachableLimit)
    throw InputError("--reachable",
                     fmt::format("the model has {}{} states, more than the {} a picture can show; "
                                 "try a smaller one, e.g. --closers A --loss off --capacity 1",
                                 g.stats().complete ? "" : "at least ", grouped(g.size()), kReachableLimit));
  return g;
}

// The states where a safety property is broken: its bad condition holds there (evaluated with
// the step that led in, when the condition speaks of steps), or it is a deadlock that is bad,
// or an unexpected reception led into it. Temporal claims colour no state, only their path.
void mark_violations(pictures::ReachableGraph& graph, const model::SystemSemantics& sys,
                     const properties::SafetyProperty& p) {
  const model::ChannelShape shape(sys.config());
  std::vector<bool> has_successor(graph.nodes.size(), false);
  for (const pictures::ReachableEdge& e : graph.edges) {
    has_successor[e.from] = true;
    if (p.kind == properties::SafetyKind::NoBadState && properties::mentions_step(p.bad) &&
        properties::evaluate(p.bad, graph.nodes[e.to].state, shape, &e.step))
      graph.nodes[e.to].violating = true;
  }
  for (std::size_t i = 0; i < graph.nodes.size(); ++i) {
    const model::SystemState& s = graph.nodes[i].state;
    if (p.kind == properties::SafetyKind::NoBadState && !properties::mentions_step(p.bad))
      graph.nodes[i].violating = properties::evaluate(p.bad, s, shape);
    if (p.kind == properties::SafetyKind::NoBadDeadlock && !has_successor[i])
      graph.nodes[i].violating = properties::evaluate(p.bad, s, shape);
    if (p.kind != properties::SafetyKind::NoUnexpectedStep) continue;
    for (const model::Transition& t : sys.successors(s))
      if (t.unexpected)
        for (pictures::ReachableNode& n : graph.nodes)
          if (n.state == t.next) n.violating = true;
  }
}

// Colours the property's violations and draws its shortest counterexample (BFS, from the same
// checker `finwait check` runs); returns the words the title adds.
std::string highlight(pictures::ReachableGraph& graph, const model::SystemSemantics& sys,
                      const std::string& name) {
  const properties::PropertySpec spec = properties::resolve_property(name);
  if (spec.kind == properties::ClaimKind::Builtin) mark_violations(graph, sys, spec.builtin);
  if (spec.kind == properties::ClaimKind::Invariant) mark_violations(graph, sys, properties::as_safety(spec));
  const auto report = checker::check_properties(sys, {spec}, {}, {});
  const checker::PropertyOutcome& outcome = report.properties.front();
  if (outcome.trace) pictures::mark_path(graph, *outcome.trace);
  const std::string path = spec.kind == properties::ClaimKind::Reachable ? "witness" : "counterexample";
  return fmt::format("; {}: {}{}", spec.name, checker::verdict_name(outcome.verdict),
                     outcome.trace ? fmt::format(", {} {} steps in red", path, outcome.trace->steps.size()) : "");
}

std::string reachable_dot(const model::ModelConfig& config, const std::string& property) {
  config.validate(model::StateSpace::Explicit);
  const model::SystemSemantics sys(config);
  const checker::StateGraph g = explore_small(sys);
  pictures::ReachableGraph graph = graph_of(g);
  const std::string marks = property.empty() ? "" : highlight(graph, sys, property);
  const std::string title = fmt::format("finwait reachable states: {} states, {} transitions (model: {}){}",
                                        grouped(g.size()), grouped(graph.edges.size()), model_words(config), marks);
  return pictures::to_dot(graph, title);
}

}  // namespace
}  // namespace finwait::cli
