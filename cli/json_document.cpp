#include "json_document.hpp"

#include "app.hpp"
#include "trace_json.hpp"

namespace finwait::cli {

nlohmann::json json_document(std::string_view command) {
  return {{"schema", kJsonSchemaVersion}, {"finwait", FINWAIT_VERSION}, {"command", command}};
}

nlohmann::json json_document(std::string_view command, const model::ModelConfig& config) {
  nlohmann::json j = json_document(command);
  j["config"] = config_to_json(config);
  return j;
}

nlohmann::json trace_file_document(std::string_view command, const model::ModelConfig& config) {
  nlohmann::json j = json_document(command, config);
  j["format"] = "finwait-trace";
  j["traces"] = nlohmann::json::array();
  return j;
}

}  // namespace finwait::cli
