// `finwait prove`: each property decided by Z3, printed as a verdict line, a replayed trace
// for violations and witnesses, and the invariant of each proof on request.
#include <fmt/format.h>
#include <fmt/ostream.h>

#include <algorithm>
#include <fstream>

#include "check_report.hpp"
#include "commands.hpp"
#include "model_options.hpp"
#include "finwait/checker/symbolic/prove.hpp"
#include "finwait/model/input_error.hpp"
#include "trace_json.hpp"

namespace finwait::cli {
namespace {

using checker::Verdict;
using checker::symbolic::ProofOutcome;

std::string summary(const ProofOutcome& o) {
  const auto& r = o.result;
  std::string what;
  switch (r.verdict) {
    case Verdict::Holds:
    case Verdict::Unreachable:
      what = r.notes.empty() ? "" : r.notes.front();
      break;
    case Verdict::Violated:
    case Verdict::Reachable:
      what = fmt::format("{}: {} step{}", r.verdict == Verdict::Reachable ? "witness"
                                          : r.trace->cycle_start         ? "lasso"
                                                                         : "counterexample",
                         r.trace->steps.size(), r.trace->steps.size() == 1 ? "" : "s");
      if (r.trace->cycle_start) what += fmt::format(", cycle from step {}", *r.trace->cycle_start + 1);
      break;
    case Verdict::Unknown:
      for (const auto& note : r.notes) what += (what.empty() ? "" : " ") + note;
      break;
  }
  return what;
}

void print_text(std::ostream& out, const model::ModelConfig& config, const ProveOptions& options,
                const std::vector<ProofOutcome>& outcomes) {
  const std::string diff = flags_text(config);
  fmt::print(out, "model: {}\n", diff.empty() ? "MODEL.md defaults" : diff);
  fmt::print(out, "engine: {}, bound {}, timeout {} s per property (Z3 {})\n\n", options.engine,
             options.bound, options.timeout_seconds, checker::symbolic::z3_version());
  std::size_t width = 20;
  for (const auto& o : outcomes) width = std::max(width, o.result.name.size() + 2);
  for (const auto& o : outcomes)
    fmt::print(out, "{:<{}} {:<11} {:<12} {:>7.2f} s  {}\n", o.result.name, width,
               checker::verdict_name(o.result.verdict), o.engine, o.seconds, summary(o));
  if (config.capacity_infinite())
    fmt::print(out, "\n{}\n",
               config.loss ? "capacity inf with loss on: what holds here holds at every capacity "
                             "(a send lost to a full channel is a send followed by a drop)"
                           : "warning: capacity inf with loss off: verdicts are for unbounded "
                             "channels only; at a finite capacity a full channel loses sends, "
                             "which no run here does");
  for (const auto& o : outcomes) {
    if (!o.result.trace) continue;
    print_trace(out, o.result.name, o.result, config.channel);
    if (o.replay_config.capacity != config.capacity)
      fmt::print(out, "\n(found with unbounded channels; replayed on the model at capacity {}, "
                      "the most segments a channel holds on this trace)\n",
                 o.replay_config.capacity);
  }
  for (const auto& o : outcomes)
    if (!o.invariant.empty())
      fmt::print(out, "\n== {}: {} ({})\n{}", o.result.name,
                 o.is_certificate ? "certificate" : "inductive invariant", o.engine,
                 o.invariant);
}

nlohmann::json to_json(const model::ModelConfig& config, const ProveOptions& options,
                       const std::vector<ProofOutcome>& outcomes) {
  nlohmann::json j;
  j["config"] = config_to_json(config);
  j["engine"] = options.engine;
  j["bound"] = options.bound;
  j["z3"] = checker::symbolic::z3_version();
  j["properties"] = nlohmann::json::array();
  for (const auto& o : outcomes) {
    nlohmann::json p = outcome_json(o.result, config.channel);
    p["engine"] = o.engine;
    p["seconds"] = o.seconds;
    p["depth"] = o.depth;
    if (!o.invariant.empty()) p[o.is_certificate ? "certificate" : "invariant"] = o.invariant;
    if (o.result.trace) p["replay_capacity"] = o.replay_config.capacity;
    j["properties"].push_back(p);
  }
  return j;
}

// The file `finwait replay` reads. At capacity inf the traces carry the capacity they were
// replayed at; any capacity at least the largest of those replays all of them alike (no
// channel on them ever fills), so the file names that one.
void write_trace_file(const std::string& path, const model::ModelConfig& config,
                      const std::vector<properties::PropertySpec>& specs,
                      const std::vector<properties::ReachQuery>& queries,
                      const std::vector<ProofOutcome>& outcomes) {
  const model::ModelConfig at = checker::symbolic::replay_config(config, outcomes);
  checker::SafetyReport report;
  for (std::size_t i = 0; i < specs.size(); ++i) report.properties.push_back(outcomes[i].result);
  for (std::size_t i = 0; i < queries.size(); ++i) {
    report.queries.push_back(outcomes[specs.size() + i].result);
    report.queries.back().name = queries[i].text;  // replay reads a query's name as its text
  }
  std::ofstream file(path);
  if (!file) throw InputError("--trace-out", "cannot write '" + path + "'");
  file << trace_file_json(at, report, specs).dump(2) << '\n';
}

}  // namespace

int run_prove(const model::ModelConfig& config, const ProveOptions& options, std::ostream& out,
              std::ostream& err) {
  checker::symbolic::ProofOptions proof;
  const auto engine = checker::symbolic::parse_engine(options.engine);
  if (!engine)
    throw InputError("--engine", "unknown engine '" + options.engine + "', expected bmc|kind|pdr|ranking|auto");
  proof.engine = *engine;
  proof.bound = options.bound;
  proof.timeout_seconds = options.timeout_seconds;
  proof.want_invariant = options.show_invariant || options.show_certificate;
  const std::vector<properties::PropertySpec> specs = selected_properties(options.properties, options.reach);
  std::vector<properties::ReachQuery> queries;
  for (const std::string& text : options.reach)
    queries.push_back(properties::parse_reach_query(text, "--reach \"" + text + "\""));
  if (!options.max_memory.empty()) checker::symbolic::limit_memory(parse_size(options.max_memory));
  const checker::symbolic::TransitionSystem ts(config);
  std::vector<ProofOutcome> outcomes;
  auto starting = [&](const std::string& name) {
    if (options.progress)
      fmt::print(err, "finwait: proving {} ({} s at most)\n", name, options.timeout_seconds);
  };
  for (const auto& spec : specs) {
    starting(spec.name);
    outcomes.push_back(checker::symbolic::prove(ts, spec, proof));
  }
  for (const auto& q : queries) {
    starting("reach " + q.text);
    outcomes.push_back(checker::symbolic::prove_reach(ts, q.text, q.goal, proof));
    outcomes.back().result.name = "reach " + q.text;
  }
  if (!options.trace_out.empty()) write_trace_file(options.trace_out, config, specs, queries, outcomes);
  if (options.json)
    out << to_json(config, options, outcomes).dump(2) << '\n';
  else
    print_text(out, config, options, outcomes);
  bool violated = false, unknown = false;
  for (const auto& o : outcomes) {
    violated = violated || o.result.verdict == Verdict::Violated;
    unknown = unknown || o.result.verdict == Verdict::Unknown;
  }
  return violated ? 1 : unknown ? 3 : 0;
}

}  // namespace finwait::cli
