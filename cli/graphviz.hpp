// Graphviz's `dot` program, run for SVG and PNG pictures (finwait diagram, the HTML report).
#pragma once

#include <optional>
#include <string>

namespace finwait::cli {

// Renders `dot_text` as `format` ("svg", "png") into the file `target`. Throws InputError
// naming --format when `dot` is missing or fails.
void run_dot(const std::string& dot_text, const std::string& format, const std::string& target);

// The same, returned as bytes (through a scratch file).
std::string render_dot(const std::string& dot_text, const std::string& format);

// SVG text, or nothing when `dot` is not installed (a report then says so instead).
std::optional<std::string> graphviz_svg(const std::string& dot_text);

}  // namespace finwait::cli
