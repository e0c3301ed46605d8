// The envelope of every JSON document finwait prints or writes (docs/json.md): readers check
// "schema" first, and the same fields mean the same thing in every subcommand.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "finwait/model/config.hpp"

namespace finwait::cli {

// {"schema": 1, "finwait": "0.1.0", "command": COMMAND}
nlohmann::json json_document(std::string_view command);

// The same, with "config": the model the document's results are about.
nlohmann::json json_document(std::string_view command, const model::ModelConfig& config);

// A file for `finwait replay`: the envelope, "format": "finwait-trace", and an empty "traces".
nlohmann::json trace_file_document(std::string_view command, const model::ModelConfig& config);

}  // namespace finwait::cli
