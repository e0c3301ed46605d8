#include "finwait/pictures/html_report.hpp"

#include <fmt/format.h>

#include "finwait/model/step.hpp"
#include "finwait/model/system_state.hpp"

namespace finwait::pictures {
namespace {

// Inline, so that the page needs nothing but itself.
constexpr const char* kStyle = R"(
body { font-family: sans-serif; margin: 2em; max-width: 78em; color: #222; }
h1 { font-size: 1.6em; } h2 { font-size: 1.3em; margin-top: 2em; } h3 { font-size: 1.1em; }
table { border-collapse: collapse; margin: 0.5em 0; }
th, td { border: 1px solid #bbb; padding: 0.2em 0.6em; text-align: left; vertical-align: top; }
th { background: #eee; }
td.mono, pre { font-family: monospace; }
tr.bad td.verdict { color: #b00; font-weight: bold; }
tr.good td.verdict { color: #060; }
tr.cycle td { background: #fff6d8; }
.cause { font-style: italic; }
figure { margin: 1em 0; overflow-x: auto; }
)";

// An SVG document as an element of the page: its XML declaration and DOCTYPE (Graphviz
// writes both) would be text in HTML.
std::string inline_svg(const std::string& svg) {
  const std::size_t start = svg.find("<svg");
  return start == std::string::npos ? svg : svg.substr(start);
}

std::string verdict_table(const std::vector<ReportVerdict>& verdicts) {
  std::string html = "<table id=\"verdicts\"><tr><th>name</th><th>verdict</th><th>detail</th></tr>\n";
  for (const ReportVerdict& v : verdicts)
    html += fmt::format("<tr class=\"{}\"><td class=\"mono\">{}</td><td class=\"verdict\">{}</td><td>{}</td></tr>\n",
                        v.bad ? "bad" : "good", escape_html(v.name), escape_html(v.verdict),
                        escape_html(v.detail));
  return html + "</table>\n";
}

std::string statistics_table(const std::vector<std::pair<std::string, std::string>>& statistics) {
  std::string html = "<table id=\"statistics\">\n";
  for (const auto& [name, value] : statistics)
    html += fmt::format("<tr><th>{}</th><td>{}</td></tr>\n", escape_html(name), escape_html(value));
  return html + "</table>\n";
}

std::string state_row(std::size_t number, const std::string& label, const model::SystemState& s,
                      model::ChannelKind channel, bool in_cycle) {
  using model::Party;
  return fmt::format("<tr{}><td>{}</td><td class=\"mono\">{}</td><td>{}</td><td>{}</td>"
                     "<td class=\"mono\">{}</td><td class=\"mono\">{}</td></tr>\n",
                     in_cycle ? " class=\"cycle\"" : "", number, escape_html(label),
                     escape_html(model::describe_endpoint(s.at(Party::A))),
                     escape_html(model::describe_endpoint(s.at(Party::B))),
                     escape_html(model::describe_channel(s.from(Party::A), channel)),
                     escape_html(model::describe_channel(s.from(Party::B), channel)));
}

// The same rows as the text report's step table; a lasso's cycle is shaded.
std::string step_table(const model::Trace& trace, model::ChannelKind channel) {
  std::string html = "<table class=\"steps\"><tr><th>step</th><th>label</th><th>A</th><th>B</th>"
                     "<th>A-&gt;B</th><th>B-&gt;A</th></tr>\n";
  html += state_row(0, "(initial)", trace.initial, channel, false);
  for (std::size_t i = 0; i < trace.steps.size(); ++i) {
    const bool in_cycle = trace.cycle_start && i >= *trace.cycle_start;
    html += state_row(i + 1, model::label(trace.steps[i].step), trace.steps[i].state, channel, in_cycle);
  }
  html += "</table>\n";
  if (trace.cycle_start)
    html += fmt::format("<p>Then steps {}..{} repeat forever.</p>\n", *trace.cycle_start + 1, trace.steps.size());
  return html;
}

std::string trace_section(const ReportTrace& t, model::ChannelKind channel) {
  std::string html = fmt::format("<section class=\"trace\"><h3>{}</h3>\n", escape_html(t.title));
  if (!t.cause.empty()) html += fmt::format("<p class=\"cause\">cause: {}</p>\n", escape_html(t.cause));
  if (!t.chart_svg.empty()) html += "<figure class=\"msc\">\n" + inline_svg(t.chart_svg) + "\n</figure>\n";
  html += step_table(t.trace, channel);
  if (!t.notes.empty()) {
    html += "<p>Why the cycle is fair, and what it may ignore:</p>\n<ul>\n";
    for (const std::string& note : t.notes) html += "<li>" + escape_html(note) + "</li>\n";
    html += "</ul>\n";
  }
  return html + "</section>\n";
}

}  // namespace

std::string escape_html(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string render_html(const HtmlReport& report, model::ChannelKind channel) {
  std::string html = fmt::format("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
                                 "<title>{}</title>\n<style>{}</style></head>\n<body>\n<h1>{}</h1>\n",
                                 escape_html(report.title), kStyle, escape_html(report.title));
  html += fmt::format("<p>Command: <code>{}</code><br>Model: <code>{}</code></p>\n", escape_html(report.command),
                      escape_html(report.model));
  html += "<h2>Verdicts</h2>\n" + verdict_table(report.verdicts);
  if (!report.statistics.empty()) html += "<h2>Statistics</h2>\n" + statistics_table(report.statistics);
  if (!report.extra_html.empty())
    html += fmt::format("<h2>{}</h2>\n{}", escape_html(report.extra_title), report.extra_html);
  if (!report.traces.empty()) {
    html += "<h2>Traces</h2>\n";
    for (const ReportTrace& t : report.traces) html += trace_section(t, channel);
  }
  if (!report.diagram_svg.empty())
    html += "<h2>The endpoint state diagram</h2>\n<figure id=\"diagram\">\n" + report.diagram_svg + "\n</figure>\n";
  return html + "</body></html>\n";
}

}  // namespace finwait::pictures
