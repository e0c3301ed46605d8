// ITF documents from finwait trace files, and finwait trace files rebuilt from ITF.
#include "output_file.hpp"
#include "itf.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <algorithm>
#include <fstream>
#include <optional>
#include <string_view>

#include "app.hpp"
#include "finwait/model/input_error.hpp"
#include "finwait/model/trace.hpp"
#include "json_document.hpp"
#include "trace_json.hpp"

namespace finwait::cli {
namespace {

using nlohmann::json;
using namespace finwait::model;

constexpr const char* kFormatDescription = "https://apalache-mc.org/docs/adr/015adr-trace.html";
constexpr const char* kInitialStep = "(initial)";
const char* const kParties[] = {"A", "B"};
const char* const kFields[] = {"st", "retx", "why"};
const char* const kChannels[] = {"A->B", "B->A"};

[[noreturn]] void bad(const std::string& where, const std::string& message) {
  throw InputError(where, message);
}

// ---- Writing -------------------------------------------------------------------------------

json itf_vars() {
  json vars = json::array();
  for (const char* p : kParties)
    for (const char* f : kFields) vars.push_back(std::string(p) + "." + f);
  for (const char* c : kChannels) vars.push_back(c);
  vars.push_back("step");
  return vars;
}

// A fifo is an ITF list (Quint's List, TLA+'s Seq); a bag is an ITF map from letter to count.
// The trace file lists a bag's letters grouped, in letter order.
json itf_channel(const json& letters, ChannelKind kind) {
  if (kind == ChannelKind::Fifo) return letters;
  json pairs = json::array();
  for (const json& l : letters) {
    if (!pairs.empty() && pairs.back()[0] == l) pairs.back()[1] = pairs.back()[1].get<unsigned>() + 1;
    else pairs.push_back(json::array({l, 1}));
  }
  return {{"#map", pairs}};
}

json itf_state(const json& state, ChannelKind kind, std::size_t index, const json& step) {
  json out = {{"#meta", {{"index", index}}}};
  for (const char* p : kParties)
    for (const char* f : kFields) out[std::string(p) + "." + f] = state.at(p).at(f);
  for (const char* c : kChannels) out[c] = itf_channel(state.at(c), kind);
  out["step"] = step;
  return out;
}

std::string trace_word(const json& t) {
  if (t.value("verdict", "") == "reachable") return "witness";
  return t.contains("cycle_start") && !t.at("cycle_start").is_null() ? "lasso" : "counterexample";
}

json itf_meta(const json& file, const json& t) {
  const std::string source = "finwait " + file.value("command", std::string("check"));
  const std::string name = t.value("name", "?");
  json meta = {{"format", "ITF"},
               {"format-description", kFormatDescription},
               {"source", source},
               {"description", fmt::format("{}: {} {}, {} ({} steps)", source, name, t.value("verdict", "?"),
                                           trace_word(t), t.at("steps").size())},
               {"schema", file.value("schema", kJsonSchemaVersion)},
               {"config", file.at("config")},
               {"kind", t.value("kind", "property")},
               {"name", name},
               {"verdict", t.value("verdict", "?")}};
  if (t.contains("source")) meta["property_source"] = t.at("source");
  return meta;
}

json itf_document(const json& file, const json& t, ChannelKind kind) {
  json states = json::array();
  states.push_back(itf_state(t.at("initial"), kind, 0, kInitialStep));
  for (const json& step : t.at("steps"))
    states.push_back(itf_state(step.at("state"), kind, states.size(), step.at("label")));
  json doc = {{"#meta", itf_meta(file, t)}, {"vars", itf_vars()}, {"states", states}};
  // The last state equals states[loop]: the steps from there on repeat forever.
  if (t.contains("cycle_start") && !t.at("cycle_start").is_null()) doc["loop"] = t.at("cycle_start");
  return doc;
}

// ---- Reading -------------------------------------------------------------------------------

const json& var(const json& s, const std::string& name, const std::string& where) {
  if (!s.is_object() || !s.contains(name)) bad(where, "missing variable '" + name + "'");
  return s.at(name);
}

// An ITF integer: a JSON number, or {"#bigint": "12"}.
json itf_integer(const json& v, const std::string& name, const std::string& where) {
  if (v.is_number_unsigned() && v.get<std::uint64_t>() < 1000000000) return v;  // get<unsigned> must not wrap
  if (v.is_object() && v.contains("#bigint") && v.at("#bigint").is_string()) {
    const std::string text = v.at("#bigint").get<std::string>();
    if (!text.empty() && text.size() < 10 && text.find_first_not_of("0123456789") == std::string::npos)
      return std::stoul(text);
  }
  bad(where, "variable '" + name + "' must be a small whole number, found " + v.dump());
}

// A channel's letters as the trace file lists them: from an ITF list, tuple or #map.
json itf_letters(const json& v, const std::string& name, const std::string& where) {
  if (v.is_array()) return v;
  if (v.is_object() && v.contains("#tup") && v.at("#tup").is_array()) return v.at("#tup");
  if (!v.is_object() || !v.contains("#map") || !v.at("#map").is_array())
    bad(where, "variable '" + name + "' must be a list of segments or a #map from segment to count");
  json out = json::array();
  for (const json& pair : v.at("#map")) {
    if (!pair.is_array() || pair.size() != 2) bad(where, "a #map entry of '" + name + "' must be [segment, count]");
    const unsigned count = itf_integer(pair[1], name, where).get<unsigned>();
    // More than a channel can hold is rejected by the state's reader; stop counting there.
    for (unsigned i = 0; i < std::min(count, kMaxChannelCapacity + 1u); ++i) out.push_back(pair[0]);
  }
  return out;
}

json finwait_state(const json& s, const std::string& where) {
  json out;
  for (const char* p : kParties) {
    const std::string prefix = std::string(p) + ".";
    out[p] = {{"st", var(s, prefix + "st", where)},
              {"retx", itf_integer(var(s, prefix + "retx", where), prefix + "retx", where)},
              {"why", var(s, prefix + "why", where)}};
  }
  for (const char* c : kChannels) out[c] = itf_letters(var(s, c, where), c, where);
  return out;
}

// The enabled step from `from` to `next`, labelled `step_label` unless that is empty. Idle
// (a lasso's stuttering) is no successor: it is always possible and changes nothing.
std::optional<Transition> step_to(const SystemSemantics& sys, const SystemState& from,
                                  const SystemState& next, const std::string& step_label) {
  std::optional<Transition> found;
  sys.for_each_successor(from, [&](const Transition& t) {
    if (!found && t.next == next && (step_label.empty() || label(t.step) == step_label)) found = t;
  });
  Step idle;
  idle.kind = StepKind::Idle;
  if (!found && next == from && (step_label.empty() || step_label == label(idle)))
    found = Transition{idle, next, std::nullopt};
  return found;
}

std::string step_label_of(const json& s, const std::string& where) {
  if (!s.is_object() || !s.contains("step")) return "";
  if (!s.at("step").is_string()) bad(where, "variable 'step' must be a step label, e.g. \"A close\"");
  return s.at("step").get<std::string>();
}

// States are named by their 0-based position, as ITF's "#meta".index numbers them.
Trace trace_from_states(const json& states, const SystemSemantics& sys, const std::string& path) {
  Trace trace;
  for (std::size_t i = 0; i < states.size(); ++i) {
    const std::string where = path + ": state " + std::to_string(i);
    const SystemState s = state_from_json(finwait_state(states[i], where), sys.config(), where);
    if (i == 0) {
      trace.initial = s;
      continue;
    }
    const std::string step_label = step_label_of(states[i], where);
    const auto t = step_to(sys, trace.final_state(), s, step_label);
    if (!t)
      bad(where, fmt::format("no enabled step{} leads from state {} to this state; enabled steps: {}",
                             step_label.empty() ? "" : " '" + step_label + "'", i - 1,
                             enabled_steps_text(sys, trace.final_state())));
    trace.steps.push_back({t->step, t->next, t->sent, t->unexpected, t->lost_to_full_channel});
  }
  return trace;
}

std::string meta_text(const json& meta, const char* key, const std::string& fallback) {
  return meta.contains(key) && meta.at(key).is_string() ? meta.at(key).get<std::string>() : fallback;
}

std::optional<std::size_t> loop_of(const json& itf, std::size_t states, const std::string& path) {
  if (!itf.contains("loop") || itf.at("loop").is_null()) return std::nullopt;
  const json& loop = itf.at("loop");
  if (!loop.is_number_unsigned() || loop.get<std::size_t>() >= states)
    bad(path, fmt::format("'loop' must be a state index 0..{}", states - 1));
  return loop.get<std::size_t>();
}

}  // namespace

std::vector<json> itf_documents(const json& trace_file) {
  const ChannelKind kind = config_from_json(trace_file.at("config"), "--itf").channel;
  std::vector<json> out;
  for (const json& t : trace_file.at("traces")) out.push_back(itf_document(trace_file, t, kind));
  return out;
}

std::string itf_path(const std::string& file, std::size_t index) {
  if (index == 0) return file;
  std::string path = file;
  std::size_t at = path.size();
  for (const std::string_view suffix : {".itf.json", ".json"})
    if (path.size() > suffix.size() && path.ends_with(suffix)) {
      at = path.size() - suffix.size();
      break;
    }
  path.insert(at, fmt::format(".{}", index + 1));
  return path;
}

void export_itf(const std::string& file, const json& trace_file, std::ostream& err) {
  const std::vector<json> documents = itf_documents(trace_file);
  if (documents.empty()) {
    fmt::print(err, "finwait: --itf: the run has no counterexample or witness; {} not written\n", file);
    return;
  }
  std::string written;
  for (std::size_t i = 0; i < documents.size(); ++i) {
    const std::string path = itf_path(file, i);
    write_output_file(path, documents[i].dump(2) + '\n', "--itf");
    written += fmt::format("{}{} ({})", i == 0 ? "" : ", ", path, documents[i]["#meta"]["name"].get<std::string>());
  }
  if (documents.size() > 1) fmt::print(err, "finwait: --itf: wrote {} traces: {}\n", documents.size(), written);
}

bool is_itf(const json& j) { return j.is_object() && (j.contains("#meta") || j.contains("states")); }

json trace_file_from_itf(const json& itf, const std::string& path) {
  const json meta = itf.contains("#meta") ? itf.at("#meta") : json();
  if (!meta.is_object() || !meta.contains("config"))
    bad(path, "an ITF trace needs the model's configuration in \"#meta\" (\"config\", as --itf writes "
              "it): without it there is no model to replay it on");
  if (!itf.contains("states") || !itf.at("states").is_array() || itf.at("states").empty())
    bad(path, "an ITF trace needs a non-empty 'states' array");
  const ModelConfig config = config_from_json(meta.at("config"), path + ": #meta");
  const SystemSemantics sys(config);
  Trace trace = trace_from_states(itf.at("states"), sys, path);
  trace.cycle_start = loop_of(itf, itf.at("states").size(), path);
  json t = {{"kind", meta_text(meta, "kind", "property")},
            {"name", meta_text(meta, "name", "?")},
            {"verdict", meta_text(meta, "verdict", "?")}};
  if (meta.contains("property_source")) t["source"] = meta.at("property_source");
  t["initial"] = to_json(trace.initial, config.channel);
  t["steps"] = steps_to_json(trace, config.channel);
  t["cycle_start"] = trace.cycle_start ? json(*trace.cycle_start) : json(nullptr);
  json file = trace_file_document("replay", config);
  file["traces"].push_back(t);
  return file;
}

json as_trace_file(const json& file, const std::string& path) {
  return is_itf(file) ? trace_file_from_itf(file, path) : file;
}

}  // namespace finwait::cli
