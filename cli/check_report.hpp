// Renders a SafetyReport: the status block and traces as text, or one JSON object.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string_view>

#include "finwait/checker/safety_check.hpp"
#include "finwait/model/config.hpp"
#include "finwait/properties/property_file.hpp"

namespace finwait::cli {

void print_check_text(std::ostream& out, const model::ModelConfig& config,
                      const checker::SafetyReport& report);

nlohmann::json check_json(const model::ModelConfig& config, const checker::SafetyReport& report);

// The file `finwait replay` reads: the configuration and every trace of the report.
nlohmann::json trace_file_json(std::string_view command, const model::ModelConfig& config,
                               const checker::SafetyReport& report,
                               const std::vector<properties::PropertySpec>& specs);

// One outcome's trace: heading, step table, message sequence chart, fairness notes.
void print_trace(std::ostream& out, const std::string& title, const checker::PropertyOutcome& p,
                 model::ChannelKind kind);
// The fields every subcommand writes for a verdict (docs/json.md); `engine` decided it.
nlohmann::json outcome_json(const checker::PropertyOutcome& p, std::string_view engine, model::ChannelKind kind);
// 0 all hold, 1 a property violated, 3 unknown or a limit reached.
int check_exit_code(const checker::SafetyReport& report);

// "1,234,567"
std::string grouped(std::uint64_t n);
// "4.2 MiB"
std::string human_bytes(std::uint64_t bytes);

}  // namespace finwait::cli
