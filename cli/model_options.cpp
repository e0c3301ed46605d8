// Registers MODEL.md's parameters as flags and turns them into a ModelConfig.
#include "model_options.hpp"

#include "finwait/model/input_error.hpp"

namespace finwait::cli {
std::string flag_of(std::string parameter) {
  for (char& c : parameter)
    if (c == '_') c = '-';
  return "--" + parameter;
}

std::string flags_text(const model::ModelConfig& config) {
  std::string out;
  for (const auto& [name, value] : model::changed_parameters(config))
    out += (out.empty() ? "" : " ") + flag_of(name) + " " + value;
  return out;
}

namespace {
const char* help_of(const std::string& name) {
  static const std::map<std::string, const char*> help = {
      {"closers", "A|both: who may close from ESTABLISHED (default both)"},
      {"abort", "on|off: the application may abort (default off)"},
      {"channel", "fifo|bag: in-order or reordering network (default fifo)"},
      {"capacity", "segments each channel holds (default 2)"},
      {"loss", "on|off: the network may drop a segment (default on)"},
      {"dup", "on|off: the network may duplicate a segment (default off)"},
      {"retries", "N|inf: FIN retransmissions before giving up (default 2)"},
      {"time_wait", "drain|any|none: when 2MSL may expire (default drain)"},
      {"variant", "rfc793|rfc1337: RFC 1337 ignores RST in TIME_WAIT (default rfc793)"},
      {"fin_wait_2_timeout", "on|off: Linux's orphaned FIN_WAIT_2 timeout (default off)"},
      {"delayed_ack", "on|off: a FIN's ACK may be deferred onto our own FIN (default off)"}};
  return help.at(name);
}
}  // namespace

void ModelOptions::add_to(CLI::App& app) {
  for (const std::string& name : model::parameter_names()) {
    app.add_option_function<std::string>(
           flag_of(name), [this, name](const std::string& v) { m_values[name] = v; },
           help_of(name))
        ->group("Model");
  }
  app.add_option("--profile", m_profile,
                 "rfc793|linux: a named set of the options above, which explicit flags override "
                 "(linux = --abort on --retries inf --fin-wait-2-timeout on --delayed-ack on; "
                 "default rfc793)")
      ->group("Model");
}

model::ModelConfig ModelOptions::to_config() const {
  model::ModelConfig config;
  if (!m_profile.empty()) {
    const auto settings = model::profile_settings(m_profile);
    if (!settings)
      throw InputError("--profile", "unknown profile '" + m_profile + "', expected rfc793|linux");
    for (const auto& [name, value] : *settings)
      model::set_parameter(config, name, value, "--profile " + m_profile);
  }
  for (const auto& [name, value] : m_values)
    model::set_parameter(config, name, value, flag_of(name));
  return config;
}

}  // namespace finwait::cli
