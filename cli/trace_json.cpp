// Conversions between model values and JSON.
#include "trace_json.hpp"

#include "finwait/model/input_error.hpp"

namespace finwait::cli {
namespace {

using nlohmann::json;
using namespace finwait::model;

json channel_json(const Channel& ch, ChannelKind kind) {
  json out = json::array();
  if (kind == ChannelKind::Fifo) {
    for (unsigned i = 0; i < ch.size; ++i) out.push_back(name(ch.seq[i]));
  } else {
    for (int l = 0; l < kSegmentCount; ++l)
      for (unsigned n = 0; n < ch.count[l]; ++n) out.push_back(name(static_cast<Segment>(l)));
  }
  return out;
}

[[noreturn]] void bad(const std::string& where, const std::string& message) {
  throw InputError(where, message);
}

const json& field(const json& j, const char* key, const std::string& where) {
  if (!j.is_object() || !j.contains(key)) bad(where, std::string("missing field '") + key + "'");
  return j.at(key);
}

std::string text_field(const json& j, const char* key, const std::string& where) {
  const json& v = field(j, key, where);
  if (!v.is_string()) bad(where, std::string("field '") + key + "' must be a string");
  return v.get<std::string>();
}

EndpointLocal endpoint_from_json(const json& j, const LocalStateSpace& locals,
                                 const std::string& where) {
  const auto st = parse_tcp_state(text_field(j, "st", where));
  const auto why = parse_why(text_field(j, "why", where));
  const json& retx = field(j, "retx", where);
  if (!st) bad(where, "unknown state '" + text_field(j, "st", where) + "'");
  if (!why) bad(where, "unknown reason '" + text_field(j, "why", where) + "'");
  if (!retx.is_number_unsigned() || retx.get<std::uint64_t>() > 255) bad(where, "bad retx");
  const EndpointLocal local{*st, static_cast<std::uint8_t>(retx.get<unsigned>()), *why};
  if (!locals.is_legal(local))
    bad(where, "'" + describe_endpoint(local) + "' is not a legal endpoint state here");
  return local;
}

Channel channel_from_json(const json& j, const ChannelShape& shape, const std::string& where) {
  if (!j.is_array()) bad(where, "a channel must be an array of segments");
  if (j.size() > shape.capacity) bad(where, "a channel holds more segments than its capacity");
  Channel ch;
  for (const json& item : j) {
    const auto seg = item.is_string() ? parse_segment(item.get<std::string>()) : std::nullopt;
    if (!seg) bad(where, "unknown segment " + item.dump());
    push(ch, *seg, shape);
  }
  return ch;
}

}  // namespace

json to_json(const SystemState& s, ChannelKind kind) {
  json out;
  for (Party p : {Party::A, Party::B}) {
    const EndpointLocal& e = s.at(p);
    out[std::string(name(p))] = {{"st", name(e.st)}, {"retx", e.retx}, {"why", name(e.why)}};
    out[channel_name(p)] = channel_json(s.from(p), kind);
  }
  return out;
}

json to_json(const TraceStep& step, ChannelKind kind) {
  json out = {{"label", label(step.step)},
              {"kind", kind_word(step.step.kind)},
              {"actor", name(step.step.actor)},
              {"position", step.step.position},
              {"unexpected", step.unexpected},
              {"lost_to_full_channel", step.lost_to_full_channel},
              {"state", to_json(step.state, kind)}};
  out["letter"] = step.step.is_network() ? json(name(step.step.letter)) : json(nullptr);
  out["sent"] = step.sent ? json(name(*step.sent)) : json(nullptr);
  if (step.step.ack_delayed) out["ack_delayed"] = true;  // only with --delayed-ack on
  return out;
}

json steps_to_json(const Trace& trace, ChannelKind kind) {
  json steps = json::array();
  for (const TraceStep& s : trace.steps) steps.push_back(to_json(s, kind));
  return steps;
}

json config_to_json(const ModelConfig& config) {
  json out = json::object();
  for (const auto& [key, value] : describe(config)) {
    if (key == "capacity" && !config.capacity_infinite()) out[key] = config.capacity;
    else if (key == "retries" && !config.retries_infinite()) out[key] = config.retries;
    else out[key] = value;
  }
  return out;
}

ModelConfig config_from_json(const json& j, const std::string& where) {
  if (!j.is_object()) bad(where, "'config' must be an object");
  ModelConfig config;
  for (const auto& [key, value] : j.items()) {
    const std::string text = value.is_string() ? value.get<std::string>() : value.dump();
    set_parameter(config, key, text, where + ": config." + key);
  }
  return config;
}

SystemState state_from_json(const json& j, const ModelConfig& config, const std::string& where) {
  const LocalStateSpace locals(config);
  const ChannelShape shape(config);
  SystemState s;
  for (Party p : {Party::A, Party::B}) {
    s.at(p) = endpoint_from_json(field(j, std::string(name(p)).c_str(), where), locals, where);
    s.from(p) = channel_from_json(field(j, channel_name(p).c_str(), where), shape, where);
  }
  return s;
}

TraceStep step_from_json(const json& j, const ModelConfig& config, const std::string& where) {
  TraceStep out;
  const auto kind = parse_kind_word(text_field(j, "kind", where));
  const auto actor = parse_party(text_field(j, "actor", where));
  if (!kind) bad(where, "unknown step kind '" + text_field(j, "kind", where) + "'");
  if (!actor) bad(where, "unknown actor '" + text_field(j, "actor", where) + "'");
  out.step.kind = *kind;
  out.step.actor = *actor;  // ignored for idle
  if (out.step.is_network()) {
    const auto letter = parse_segment(text_field(j, "letter", where));
    if (!letter) bad(where, "unknown segment '" + text_field(j, "letter", where) + "'");
    out.step.letter = *letter;
  }
  const json& pos = field(j, "position", where);
  if (!pos.is_number_unsigned() || pos.get<std::uint64_t>() >= kMaxChannelCapacity)
    bad(where, "bad position");
  out.step.position = static_cast<std::uint8_t>(pos.get<unsigned>());
  if (j.contains("sent") && !j.at("sent").is_null()) {
    const auto sent = j.at("sent").is_string() ? parse_segment(j.at("sent").get<std::string>()) : std::nullopt;
    if (!sent) bad(where, "unknown segment in 'sent'");
    out.sent = sent;
  }
  if (j.contains("ack_delayed")) {
    if (!j.at("ack_delayed").is_boolean()) bad(where, "'ack_delayed' must be true or false");
    out.step.ack_delayed = j.at("ack_delayed").get<bool>();
  }
  out.unexpected = j.value("unexpected", false);
  out.lost_to_full_channel = j.value("lost_to_full_channel", false);
  out.state = state_from_json(field(j, "state", where), config, where + " state");
  return out;
}

}  // namespace finwait::cli
