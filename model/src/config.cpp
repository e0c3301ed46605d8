// Parsing and printing of model parameters; the spelling is MODEL.md's.
#include "finwait/model/config.hpp"

#include <charconv>

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
    if (value == "inf") {
      c.capacity = kInfiniteCapacity;
    } else {
      auto n = parse_unsigned(value);
      if (!n || *n < 1 || *n == kInfiniteCapacity)
        bad_value(where, value, "a whole number >= 1 or inf");
      c.capacity = *n;
    }
  } else if (name == "loss") {
    c.loss = parse_on_off(value, where);
  } else if (name == "dup") {
    c.dup = parse_on_off(value, where);
  } else if (name == "retries") {
    if (value == "inf") {
      c.retries.reset();
    } else {
      auto n = parse_unsigned(value);
      if (!n || *n > kMaxRetries)
        bad_value(where, value, "a whole number 0.." + std::to_string(kMaxRetries) + " or inf");
      c.retries = *n;
    }
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
  out["capacity"] = c.capacity_infinite() ? "inf" : std::to_string(c.capacity);
  out["loss"] = on_off(c.loss);
  out["dup"] = on_off(c.dup);
  out["retries"] = c.retries ? std::to_string(*c.retries) : "inf";
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
