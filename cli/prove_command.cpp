// `finwait prove`: each property decided by Z3, printed as a verdict line, a replayed trace
// for violations and witnesses, and the invariant of each proof on request.
#include <fmt/format.h>
#include <fmt/ostream.h>

#include <algorithm>
#include <fstream>
#include <optional>

#include "output_file.hpp"
#include "check_report.hpp"
#include "commands.hpp"
#include "itf.hpp"
#include "pcap_export.hpp"
#include "model_options.hpp"
#include "finwait/checker/budget.hpp"
#include "finwait/checker/symbolic/prove.hpp"
#include "finwait/model/input_error.hpp"
#include "json_document.hpp"
#include "html_output.hpp"
#include "msc_output.hpp"
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
    case Verdict::NoViolationFound:  // explicit --bitstate only
    case Verdict::NotReached:
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
  // The process's figures: Z3's memory and every engine's time, as `time` and `top` see them.
  fmt::print(out, "the whole run: {:.3f} s, peak memory {}\n", checker::process_seconds(),
             human_bytes(checker::peak_rss_bytes()));
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

nlohmann::json outcome_to_json(const ProofOutcome& o, model::ChannelKind kind) {
  nlohmann::json p = outcome_json(o.result, o.engine, kind);
  p["seconds"] = o.seconds;
  p["depth"] = o.depth;
  if (!o.invariant.empty()) p[o.is_certificate ? "certificate" : "invariant"] = o.invariant;
  if (o.result.trace) p["replay_capacity"] = o.replay_config.capacity;
  return p;
}

// `outcomes` holds the properties, then the queries (named "reach TEXT" for the text report;
// in JSON a query's name is its text, as in `check`).
nlohmann::json to_json(const model::ModelConfig& config, const ProveOptions& options,
                       const std::vector<ProofOutcome>& outcomes, std::size_t properties) {
  nlohmann::json j = json_document("prove", config);
  j["options"] = {{"engine", options.engine},
                  {"bound", options.bound},
                  {"timeout_seconds", options.timeout_seconds},
                  {"max_seconds", options.max_seconds > 0 ? nlohmann::json(options.max_seconds) : nlohmann::json(nullptr)}};
  j["z3"] = checker::symbolic::z3_version();
  j["properties"] = nlohmann::json::array();
  j["queries"] = nlohmann::json::array();
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    nlohmann::json p = outcome_to_json(outcomes[i], config.channel);
    if (i >= properties) p["name"] = options.reach[i - properties];
    j[i < properties ? "properties" : "queries"].push_back(p);
  }
  j["stats"] = {{"seconds", checker::process_seconds()}, {"peak_rss_bytes", checker::peak_rss_bytes()}};
  return j;
}

// The proof options for the next property: its timeout shortened to what --max-seconds leaves.
// Nothing left: nullopt, and the property is not started.
std::optional<checker::symbolic::ProofOptions> within_budget(checker::symbolic::ProofOptions proof,
                                                            const ProveOptions& options) {
  if (options.max_seconds <= 0) return proof;
  const double left = options.max_seconds - checker::process_seconds();
  if (left <= 0) return std::nullopt;
  proof.timeout_seconds = std::min(proof.timeout_seconds, left);
  return proof;
}

ProofOutcome not_started(const std::string& name) {
  ProofOutcome o;
  o.result.name = name;
  o.result.notes.push_back("not started: the run reached --max-seconds");
  o.engine = "none";
  return o;
}

// The file `finwait replay` reads. At capacity inf the traces carry the capacity they were
// replayed at; any capacity at least the largest of those replays all of them alike (no
// channel on them ever fills), so the file names that one.
nlohmann::json trace_file_of(const model::ModelConfig& config,
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
  return trace_file_json("prove", at, report, specs);
}

void write_trace_file(const std::string& path, const nlohmann::json& trace_file) {
  write_output_file(path, trace_file.dump(2) + '\n', "--trace-out");
}

// --trace-out, --itf and --pcap-out: the same traces in three forms.
void write_trace_files(const ProveOptions& options, const nlohmann::json& trace_file, std::ostream& err) {
  if (!options.trace_out.empty()) write_trace_file(options.trace_out, trace_file);
  if (!options.itf.empty()) export_itf(options.itf, trace_file, err);
  if (!options.pcap_out.empty()) export_pcap(options.pcap_out, trace_file, err);
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
    queries.push_back(properties::parse_reach_query(text, reach_where(text)));
  if (!options.max_memory.empty()) checker::symbolic::limit_memory(parse_size(options.max_memory));
  const checker::symbolic::TransitionSystem ts(config);
  std::vector<ProofOutcome> outcomes;
  auto starting = [&](const std::string& name) {
    if (options.progress)
      fmt::print(err, "finwait: proving {} ({} s at most)\n", name, options.timeout_seconds);
  };
  for (const auto& spec : specs) {
    starting(spec.name);
    const auto budget = within_budget(proof, options);
    outcomes.push_back(budget ? checker::symbolic::prove(ts, spec, *budget) : not_started(spec.name));
  }
  for (const auto& q : queries) {
    starting("reach " + q.text);
    const auto budget = within_budget(proof, options);
    outcomes.push_back(budget ? checker::symbolic::prove_reach(ts, q.text, q.goal, *budget)
                              : not_started(q.text));
    outcomes.back().result.name = "reach " + q.text;
  }
  if (!options.trace_out.empty() || !options.itf.empty() || !options.pcap_out.empty())
    write_trace_files(options, trace_file_of(config, specs, queries, outcomes), err);
  if (!options.msc.empty()) write_msc(options.msc, proof_charts(outcomes, options.reach), config.channel);
  if (!options.html.empty()) write_prove_html(options.html, config, outcomes);
  if (options.json)
    out << to_json(config, options, outcomes, specs.size()).dump(2) << '\n';
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
