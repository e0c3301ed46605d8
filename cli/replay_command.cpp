// `finwait replay FILE`: re-executes saved traces on the model and re-checks what they claim.
#include <fmt/format.h>
#include <fmt/ostream.h>

#include <fstream>
#include <optional>

#include "commands.hpp"
#include "finwait/model/input_error.hpp"
#include "finwait/checker/lasso_check.hpp"
#include "finwait/conform/witness.hpp"
#include "finwait/properties/property_file.hpp"
#include "app.hpp"
#include "itf.hpp"
#include "json_document.hpp"
#include "finwait/model/input_file.hpp"
#include "msc_output.hpp"
#include "trace_json.hpp"

namespace finwait::cli {
namespace {

using nlohmann::json;
using namespace finwait::model;

json read_json_file(const std::string& path) {
  const std::string text = model::read_input_file(path, "trace file");
  try {
    return json::parse(text);
  } catch (const json::parse_error& e) {
    throw InputError(path, std::string("not a finwait trace file: ") + e.what());
  }
}

Trace trace_from_json(const json& t, const ModelConfig& config, const std::string& where) {
  if (!t.is_object() || !t.contains("steps") || !t.at("steps").is_array())
    throw InputError(where, "missing 'steps' array");
  Trace trace;
  trace.initial = t.contains("initial") ? state_from_json(t.at("initial"), config, where + " initial")
                                        : initial_state();
  std::size_t i = 0;
  for (const json& step : t.at("steps"))
    trace.steps.push_back(step_from_json(step, config, where + " step " + std::to_string(++i)));
  if (t.contains("cycle_start") && !t.at("cycle_start").is_null()) {
    if (!t.at("cycle_start").is_number_unsigned()) throw InputError(where, "bad cycle_start");
    trace.cycle_start = t.at("cycle_start").get<std::size_t>();
  }
  return trace;
}

// Does the replayed trace show what it claims (a violation, a lasso, a query's goal)?
std::optional<std::string> claim_problem(const SystemSemantics& sys, const Trace& trace,
                                         const std::string& kind, const properties::PropertySpec& spec) {
  const SystemState& last = trace.final_state();
  const Step* last_step = trace.steps.empty() ? nullptr : &trace.steps.back().step;
  using properties::ClaimKind;
  using properties::SafetyKind;
  if (kind == "query" || spec.kind == ClaimKind::Reachable) {
    if (!properties::evaluate(spec.claim, last, sys.shape(), last_step)) return "the last state does not satisfy it";
    return std::nullopt;
  }
  if (spec.kind == ClaimKind::Temporal) {
    if (auto problem = checker::lasso_problem(sys, trace, spec.claim, spec.fairness)) return *problem;
    return std::nullopt;
  }
  const properties::SafetyProperty p = properties::as_safety(spec);
  bool violated = false;
  switch (p.kind) {
    case SafetyKind::NoUnexpectedStep: violated = !trace.steps.empty() && trace.steps.back().unexpected; break;
    case SafetyKind::NoBadState: violated = properties::evaluate(p.bad, last, sys.shape(), last_step); break;
    case SafetyKind::NoBadDeadlock:
      violated = sys.successors(last).empty() && properties::evaluate(p.bad, last, sys.shape());
      break;
  }
  if (!violated) return "it does not end in a violation of " + spec.name;
  return std::nullopt;
}

// The property a trace claims to violate. One that cannot be found (its file is gone, its name
// is unknown) is an input error: a replay that skipped the claim would pass without checking it.
properties::PropertySpec spec_of(const json& t, const std::string& kind,
                                                const std::string& name, const std::string& where) {
  if (kind == "query" && !t.contains("source")) {
    // A --reach query: its name is its text.
    properties::PropertySpec spec;
    spec.name = name;
    spec.kind = properties::ClaimKind::Reachable;
    try {
      spec.claim = properties::parse_state_formula(name, where + " query");
      return spec;
    } catch (const InputError&) {
      // not a formula: a library property of kind reachable
    }
  }
  try {
    return properties::resolve_property(t.contains("source") && t.at("source").is_string()
                                            ? t.at("source").get<std::string>()
                                            : name);
  } catch (const InputError& e) {
    // A file's error names the file (and line); a name's error is the message alone.
    const std::string inner = e.where().rfind("--", 0) == 0 ? e.what() : e.where() + ": " + e.what();
    const std::string shown = name.size() <= 60 ? name : name.substr(0, 57) + "...";  // an edited name can be huge
    const std::string said = inner.size() <= 300 ? inner : inner.substr(0, 297) + "...";
    throw InputError(where, "cannot re-check property '" + shown + "': " + said);
  }
}

// A conformance witness claims that its sends, in order, are the letters of the capture.
std::optional<std::string> witness_problem(const json& t, const Trace& trace, const std::string& where) {
  if (!t.contains("letters") || !t.at("letters").is_array())
    throw InputError(where, "a witness needs a 'letters' array");
  std::vector<conform::Observation> letters;
  for (const json& l : t.at("letters")) {
    const auto from = l.is_object() && l.contains("from") && l.at("from").is_string()
                          ? parse_party(l.at("from").get<std::string>()) : std::nullopt;
    const auto letter = l.is_object() && l.contains("letter") && l.at("letter").is_string()
                            ? parse_segment(l.at("letter").get<std::string>()) : std::nullopt;
    if (!from || !letter) throw InputError(where, "a letter needs 'from' (A|B) and 'letter'");
    letters.push_back({*from, *letter});
  }
  if (!conform::sends_spell(trace, letters))
    return "its sends do not spell the " + std::to_string(letters.size()) + " captured letters";
  return std::nullopt;
}

// What replaying one trace showed: `problem` empty when the trace replays and shows its claim.
struct ReplayResult {
  std::string where, kind, name;
  std::size_t steps = 0;
  bool replays = false;
  std::string problem;  // "does not replay: …" or what the replayed trace fails to show
  std::string shows;    // what it does show, when there is no problem
};

ReplayResult replay_one(const SystemSemantics& sys, const json& t, const ModelConfig& config,
                        const std::string& where) {
  ReplayResult r{where, t.value("kind", "property"), t.value("name", "?"), 0, false, "", ""};
  const Trace trace = trace_from_json(t, config, where);
  r.steps = trace.steps.size();
  if (auto failure = replay(sys, trace)) {
    r.problem = "does not replay: " + failure->message;
    return r;
  }
  r.replays = true;
  if (r.kind == "witness") {
    if (auto problem = witness_problem(t, trace, where)) r.problem = *problem;
    else r.shows = "its sends are the " + std::to_string(t.at("letters").size()) + " captured letters";
    return r;
  }
  if (auto problem = claim_problem(sys, trace, r.kind, spec_of(t, r.kind, r.name, where))) r.problem = *problem;
  else r.shows = r.kind == "query"     ? "ends in a state satisfying it"
                 : trace.cycle_start ? "a fair lasso on which the claim fails"
                                     : "ends in a violation";
  return r;
}

void print_result(std::ostream& out, const ReplayResult& r) {
  if (!r.replays)
    fmt::print(out, "{} ({} {}): {}\n", r.where, r.kind, r.name, r.problem);
  else if (!r.problem.empty())
    fmt::print(out, "{} ({} {}): replays, but {}\n", r.where, r.kind, r.name, r.problem);
  else
    fmt::print(out, "{} ({} {}): replays, {} steps, {}\n", r.where, r.kind, r.name, r.steps, r.shows);
}

// Trace files from before the JSON schema carry "version": 1 instead of "schema"; both read.
void check_trace_file(const json& file, const std::string& path) {
  if (!file.is_object() || file.value("format", "") != "finwait-trace")
    throw InputError(path, "not a finwait trace file (no \"format\": \"finwait-trace\")");
  if (file.contains("schema") && (!file.at("schema").is_number_integer() || file.at("schema").get<int>() > kJsonSchemaVersion))
    throw InputError(path, "written for JSON schema " + file.at("schema").dump() + "; this finwait reads schema " +
                               std::to_string(kJsonSchemaVersion) + " (see finwait --version)");
  if (!file.contains("config") || !file.contains("traces") || !file.at("traces").is_array())
    throw InputError(path, "a trace file needs 'config' and 'traces'");
}

// The file's traces as `--msc` draws them, titled as the command that wrote them titles them.
void write_charts(const std::string& msc, const json& file, const ModelConfig& config, const std::string& path) {
  std::vector<pictures::ChartTrace> charts;
  for (const json& t : file.at("traces")) {
    const Trace trace = trace_from_json(t, config, path);
    const std::string name = t.value("name", "?");
    charts.push_back({chart_title(t.value("kind", "") == "witness" ? "witness: " + name : name,
                                  t.value("verdict", ""), trace), trace});
  }
  write_msc(msc, charts, config.channel);
}

}  // namespace

int run_replay(const std::string& path, bool as_json, std::ostream& out, const std::string& msc) {
  json file;
  std::optional<ModelConfig> read_config;
  std::vector<ReplayResult> results;
  try {
    file = as_trace_file(read_json_file(path), path);  // a finwait trace file, or ITF
    check_trace_file(file, path);
    read_config = config_from_json(file.at("config"), path);
    const SystemSemantics sys(*read_config);
    for (const json& t : file.at("traces"))
      results.push_back(replay_one(sys, t, *read_config, path + ": trace " + std::to_string(results.size() + 1)));
  } catch (const json::exception& e) {
    // A field of the wrong type or out of range (an edited file): bad input, not our bug.
    throw InputError(path, std::string("not a finwait trace file: ") + e.what());
  }
  const ModelConfig& config = *read_config;
  int status = 0;
  for (const auto& r : results) status = r.problem.empty() ? status : 1;
  if (!msc.empty()) write_charts(msc, file, config, path);
  if (as_json) {
    json j = json_document("replay", config);
    j["file"] = path;
    j["traces"] = json::array();
    for (const auto& r : results)
      j["traces"].push_back({{"kind", r.kind}, {"name", r.name}, {"steps", r.steps}, {"replays", r.replays},
                             {"problem", r.problem.empty() ? json(nullptr) : json(r.problem)},
                             {"shows", r.shows.empty() ? json(nullptr) : json(r.shows)}});
    out << j.dump(2) << '\n';
    return status;
  }
  for (const auto& r : results) print_result(out, r);
  if (results.empty()) fmt::print(out, "{}: the file holds no traces\n", path);
  return status;
}

}  // namespace finwait::cli
