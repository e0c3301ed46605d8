// Which properties a check or prove run decides: those named, else none when queries were
// asked, else the defaults (so `--reach Q` answers only Q).
#include "commands.hpp"
#include "finwait/properties/property_file.hpp"

namespace finwait::cli {

std::vector<properties::PropertySpec> selected_properties(const std::vector<std::string>& names,
                                                          const std::vector<std::string>& queries) {
  std::vector<properties::PropertySpec> out;
  if (names.empty() && !queries.empty()) return out;
  for (const std::string& name : names.empty() ? properties::default_property_names() : names)
    out.push_back(properties::resolve_property(name));
  return out;
}

std::string reach_where(const std::string& text) {
  // An error message is one line: a query of thousands of characters is shown by its start.
  constexpr std::size_t kShown = 60;
  return "--reach \"" + (text.size() <= kShown ? text : text.substr(0, kShown) + "...") + "\"";
}

}  // namespace finwait::cli
