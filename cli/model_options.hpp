// The model's command-line flags, named as MODEL.md names the parameters.
#pragma once

#include <CLI/CLI.hpp>
#include <map>
#include <string>

#include "finwait/model/config.hpp"

namespace finwait::cli {

// Collects the flags' raw text; to_config() validates them (InputError naming the flag).
// A parameter's flag: "fin_wait_2_timeout" -> "--fin-wait-2-timeout".
std::string flag_of(std::string parameter);

// "--channel bag --capacity 8": the parameters that differ from the defaults, as flags.
std::string flags_text(const model::ModelConfig& config);

class ModelOptions {
 public:
  void add_to(CLI::App& app);
  model::ModelConfig to_config() const;

 private:
  std::map<std::string, std::string> m_values;  // MODEL.md parameter name -> text given
  std::string m_profile;                        // --profile, applied before m_values
};

}  // namespace finwait::cli
