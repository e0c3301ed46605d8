// `finwait properties`: the property library, one line each (name, kind, first sentence).
#include <fmt/format.h>
#include <fmt/ostream.h>

#include "commands.hpp"
#include "json_document.hpp"

namespace finwait::cli {
namespace {

std::string_view kind_word(properties::ClaimKind kind) {
  switch (kind) {
    case properties::ClaimKind::Invariant: return "invariant";
    case properties::ClaimKind::Reachable: return "reachable";
    case properties::ClaimKind::Temporal: return "temporal";
    case properties::ClaimKind::Builtin: return "built-in";
  }
  return "?";
}

// The meaning's first sentence, on one line.
std::string first_sentence(const std::string& meaning) {
  std::string flat;
  for (char c : meaning) flat += c == '\n' ? ' ' : c;
  const std::size_t end = flat.find(". ");
  return end == std::string::npos ? flat : flat.substr(0, end + 1);
}

}  // namespace

int run_properties(bool names_only, bool json, std::ostream& out) {
  const std::vector<std::string> names = properties::library_names();
  if (json) {
    nlohmann::json j = json_document("properties");
    j["library"] = properties::library_directory();
    j["properties"] = nlohmann::json::array();
    for (const std::string& n : names) {
      const properties::PropertySpec spec = properties::resolve_property(n);
      j["properties"].push_back(
          {{"name", n}, {"kind", kind_word(spec.kind)}, {"meaning", spec.meaning}, {"source", spec.source}});
    }
    out << j.dump(2) << '\n';
    return 0;
  }
  std::size_t width = 0;
  for (const std::string& n : names) width = std::max(width, n.size());
  if (!names_only) fmt::print(out, "# library: {}\n", properties::library_directory());
  for (const std::string& n : names) {
    if (names_only) {
      fmt::print(out, "{}\n", n);
      continue;
    }
    const properties::PropertySpec spec = properties::resolve_property(n);
    fmt::print(out, "{:<{}}  {:<9}  {}\n", n, width, kind_word(spec.kind), first_sentence(spec.meaning));
  }
  return 0;
}

}  // namespace finwait::cli
