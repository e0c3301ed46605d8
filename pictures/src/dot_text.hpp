// Graphviz DOT's quoted strings, shared by the DOT writers of this folder.
#pragma once

#include <string>
#include <string_view>

namespace finwait::pictures {

// "a \"b\"\nc": quotes and backslashes escaped, a newline written as DOT's centred \n.
inline std::string dot_quoted(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + '"';
}

}  // namespace finwait::pictures
