// Traces in the Informal Trace Format (ITF, Apalache ADR-015, as Quint writes it): --itf
// writes them, `finwait replay` reads them back.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

namespace finwait::cli {

// One ITF document per trace of a finwait trace file (trace_file_json's shape): "#meta"
// (format, description, source, and finwait's "config", "kind", "name", "verdict"), "vars"
// (A.st A.retx A.why B.st B.retx B.why A->B B->A step), "states", and "loop" for a lasso.
std::vector<nlohmann::json> itf_documents(const nlohmann::json& trace_file);

// Where trace `index` (0-based) of a run goes: FILE for the first; then FILE with ".2", ".3"...
// before a final ".itf.json" or ".json" ("t.itf.json", "t.2.itf.json"), or after FILE.
std::string itf_path(const std::string& file, std::size_t index);

// --itf FILE: writes every trace of `trace_file`, one ITF document per file (ITF holds one
// trace per document, as Apalache and Quint write it). A note on `err` names the files when
// there are several, and says so when there is none (then nothing is written).
void export_itf(const std::string& file, const nlohmann::json& trace_file, std::ostream& err);

// Does this JSON document look like ITF ("#meta" or "states" at the top)?
bool is_itf(const nlohmann::json& j);

// The finwait trace file `finwait replay` reads, rebuilt from an ITF document: the model comes
// from "#meta".config, and each step is the one enabled step whose next state is the ITF's next
// state (and whose label is its "step" when present). InputError naming `path` and the state
// index when a state cannot be read or reached.
nlohmann::json trace_file_from_itf(const nlohmann::json& itf, const std::string& path);

// `file` itself, or its conversion when it is ITF.
nlohmann::json as_trace_file(const nlohmann::json& file, const std::string& path);

}  // namespace finwait::cli
