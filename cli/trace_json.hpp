// JSON form of states, steps and traces: used by --json, --trace-out and `finwait replay`.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "finwait/model/config.hpp"
#include "finwait/model/trace.hpp"

namespace finwait::cli {

nlohmann::json to_json(const model::SystemState& s, model::ChannelKind kind);
nlohmann::json to_json(const model::TraceStep& step, model::ChannelKind kind);
nlohmann::json steps_to_json(const model::Trace& trace, model::ChannelKind kind);
nlohmann::json config_to_json(const model::ModelConfig& config);

// The inverse functions throw InputError naming `where` (e.g. "trace.json: trace 1 step 3").
model::SystemState state_from_json(const nlohmann::json& j, const model::ModelConfig& config,
                                   const std::string& where);
model::TraceStep step_from_json(const nlohmann::json& j, const model::ModelConfig& config,
                                const std::string& where);
model::ModelConfig config_from_json(const nlohmann::json& j, const std::string& where);

}  // namespace finwait::cli
