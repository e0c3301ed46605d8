// Parsing and printing of model parameters; the spelling is MODEL.md's.
#include "finwait/model/config.hpp"

#include <charconv>

#include "finwait/model/channel.hpp"
#include "finwait/model/input_error.hpp"

namespace finwait::model {
namespace {

[[noreturn]] void bad_value(const std::string& where, std::string_view value,
                            std::string_view expected) {
  throw InputError(where, "invalid value '" + std::string(value) + "', expected " +
                              std::string(expected));
}

bool parse_on_off(std::string_view value, const std::string& where) {
  if (value == "on") return true;
  if (value == "off") return false;
  bad_value(where, value, "on|off");
}

std::optional<unsigned> parse_unsigned(std::string_view value) {
  unsigned out = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), out);
  if (ec != std::errc() || end != value.data() + value.size() || value.empty())
    return std::nullopt;
  return out;
}

// A whole number in [low, high], or "inf" (kUnbounded).
unsigned parse_bound(std::string_view value, unsigned low, unsigned high, const std::string& where) {
  if (value == "inf") return kUnbounded;
  const auto n = parse_unsigned(value);
  if (!n || *n < low || *n > high)
    bad_value(where, value,
              high == kUnbounded - 1 ? "a whole number >= " + std::to_string(low) + " or inf"
                                     : "a whole number " + std::to_string(low) + ".." +
                                           std::to_string(high) + " or inf");
  return *n;
}

std::string bound_text(unsigned v) { return v == kUnbounded ? "inf" : std::to_string(v); }

const char* on_off(bool b) { return b ? "on" : "off"; }

}  // namespace

const std::vector<std::string>& parameter_names() {
  static const std::vector<std::string> names = {
      "closers", "abort",     "channel", "capacity", "loss",
      "dup",     "retries",   "time_wait", "variant", "fin_wait_2_timeout",
      "delayed_ack"};
  return names;
}

void set_parameter(ModelConfig& c, std::string_view name, std::string_view value,
                   const std::string& where) {
  if (name == "closers") {
    if (value == "A") c.closers = Closers::A;
    else if (value == "both") c.closers = Closers::Both;
    else bad_value(where, value, "A|both");
  } else if (name == "abort") {
    c.abort = parse_on_off(value, where);
  } else if (name == "channel") {
    if (value == "fifo") c.channel = ChannelKind::Fifo;
    else if (value == "bag") c.channel = ChannelKind::Bag;
    else bad_value(where, value, "fifo|bag");
  } else if (name == "capacity") {
    c.capacity = parse_bound(value, 1, kUnbounded - 1, where);
  } else if (name == "loss") {
    c.loss = parse_on_off(value, where);
  } else if (name == "dup") {
    c.dup = parse_on_off(value, where);
  } else if (name == "retries") {
    c.retries = parse_bound(value, 0, kMaxRetries, where);
  } else if (name == "time_wait") {
    if (value == "drain") c.time_wait = TimeWaitMode::Drain;
    else if (value == "any") c.time_wait = TimeWaitMode::Any;
    else if (value == "none") c.time_wait = TimeWaitMode::None;
    else bad_value(where, value, "drain|any|none");
  } else if (name == "variant") {
    if (value == "rfc793") c.variant = Variant::Rfc793;
    else if (value == "rfc1337") c.variant = Variant::Rfc1337;
    else bad_value(where, value, "rfc793|rfc1337");
  } else if (name == "fin_wait_2_timeout") {
    c.fin_wait_2_timeout = parse_on_off(value, where);
  } else if (name == "delayed_ack") {
    c.delayed_ack = parse_on_off(value, where);
  } else {
    throw InputError(where, "unknown model parameter '" + std::string(name) + "'");
  }
}

void ModelConfig::validate(StateSpace reader) const {
  if (reader == StateSpace::Explicit) {
    if (capacity_infinite())
      throw InputError("capacity", "capacity inf has no explicit state space; use `finwait prove` "
                                   "(Z3, with bag channels), or a finite capacity");
    if (capacity > kMaxChannelCapacity)
      throw InputError("capacity", "capacity " + std::to_string(capacity) +
                                       " is above the explicit model's limit of " +
                                       std::to_string(kMaxChannelCapacity));
  } else if (capacity_infinite() && channel == ChannelKind::Fifo) {
    throw InputError("capacity", "capacity inf needs bag channels (a fifo needs a bound)");
  }
}

const std::vector<std::string>& profile_names() {
  static const std::vector<std::string> names = {"rfc793", "linux"};
  return names;
}

const ParameterSettings* profile_settings(std::string_view profile) {
  // rfc793 is MODEL.md's defaults: the textbook. linux is TRACES.md's: RST on close with
  // unread data, SO_LINGER {1,0} and closed ports (abort); retransmission until a timer far
  // longer than a capture; the orphaned FIN_WAIT_2 timeout; delayed ACKs.
  static const ParameterSettings rfc793;
  static const ParameterSettings linux_profile = {
      {"abort", "on"}, {"retries", "inf"}, {"fin_wait_2_timeout", "on"}, {"delayed_ack", "on"}};
  if (profile == "rfc793") return &rfc793;
  if (profile == "linux") return &linux_profile;
  return nullptr;
}

std::map<std::string, std::string> describe(const ModelConfig& c) {
  std::map<std::string, std::string> out;
  out["closers"] = c.closers == Closers::A ? "A" : "both";
  out["abort"] = on_off(c.abort);
  out["channel"] = c.channel == ChannelKind::Fifo ? "fifo" : "bag";
  out["capacity"] = bound_text(c.capacity);
  out["loss"] = on_off(c.loss);
  out["dup"] = on_off(c.dup);
  out["retries"] = bound_text(c.retries);
  out["time_wait"] = c.time_wait == TimeWaitMode::Drain ? "drain"
                     : c.time_wait == TimeWaitMode::Any ? "any"
                                                        : "none";
  out["variant"] = c.variant == Variant::Rfc793 ? "rfc793" : "rfc1337";
  out["fin_wait_2_timeout"] = on_off(c.fin_wait_2_timeout);
  out["delayed_ack"] = on_off(c.delayed_ack);
  return out;
}

ParameterSettings changed_parameters(const ModelConfig& config) {
  const auto mine = describe(config);
  const auto defaults = describe(ModelConfig{});
  ParameterSettings out;
  for (const auto& name : parameter_names())
    if (mine.at(name) != defaults.at(name)) out.emplace_back(name, mine.at(name));
  return out;
}

}  // namespace finwait::model
