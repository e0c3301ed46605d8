// `finwait replay FILE`: re-executes saved traces on the model and re-checks what they claim.
#include <fmt/format.h>
#include <fmt/ostream.h>

#include <fstream>

#include "commands.hpp"
#include "finwait/model/input_error.hpp"
#include "finwait/checker/lasso_check.hpp"
#include "finwait/conform/witness.hpp"
#include "finwait/properties/property_file.hpp"
#include "trace_json.hpp"

namespace finwait::cli {
namespace {

using nlohmann::json;
using namespace finwait::model;

json read_json_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError(path, "cannot open the file");
  try {
    return json::parse(in);
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
    throw InputError(where, "cannot re-check property '" + name + "': " + e.where() + ": " + e.what());
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

}  // namespace

int run_replay(const std::string& path, std::ostream& out) {
  const json file = read_json_file(path);
  if (!file.is_object() || file.value("format", "") != "finwait-trace")
    throw InputError(path, "not a finwait trace file (no \"format\": \"finwait-trace\")");
  if (!file.contains("config") || !file.contains("traces") || !file.at("traces").is_array())
    throw InputError(path, "a trace file needs 'config' and 'traces'");
  const ModelConfig config = config_from_json(file.at("config"), path);
  const SystemSemantics sys(config);
  int status = 0, number = 0;
  for (const json& t : file.at("traces")) {
    const std::string where = path + ": trace " + std::to_string(++number);
    const std::string kind = t.value("kind", "property");
    const std::string name = t.value("name", "?");
    const Trace trace = trace_from_json(t, config, where);
    if (auto failure = replay(sys, trace)) {
      fmt::print(out, "{} ({} {}): does not replay: {}\n", where, kind, name, failure->message);
      status = 1;
    } else if (kind == "witness") {
      if (auto problem = witness_problem(t, trace, where)) {
        fmt::print(out, "{} (witness {}): replays, but {}\n", where, name, *problem);
        status = 1;
      } else {
        fmt::print(out, "{} (witness {}): replays, {} steps, its sends are the {} captured letters\n",
                   where, name, trace.steps.size(), t.at("letters").size());
      }
    } else if (auto problem = claim_problem(sys, trace, kind, spec_of(t, kind, name, where))) {
      fmt::print(out, "{} ({} {}): replays, but {}\n", where, kind, name, *problem);
      status = 1;
    } else {
      fmt::print(out, "{} ({} {}): replays, {} steps, {}\n", where, kind, name, trace.steps.size(),
                 kind == "query"     ? "ends in a state satisfying it"
                 : trace.cycle_start ? "a fair lasso on which the claim fails"
                                     : "ends in a violation");
    }
  }
  if (number == 0) fmt::print(out, "{}: the file holds no traces\n", path);
  return status;
}

}  // namespace finwait::cli
