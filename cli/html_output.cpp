#include "output_file.hpp"
#include "html_output.hpp"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "check_report.hpp"
#include "conform_report.hpp"
#include "finwait/checker/budget.hpp"
#include "finwait/checker/cause.hpp"
#include "finwait/model/input_error.hpp"
#include "finwait/model/reflected_table.hpp"
#include "finwait/pictures/sequence_chart.hpp"
#include "finwait/pictures/state_diagram.hpp"
#include "graphviz.hpp"
#include "model_options.hpp"

namespace finwait::cli {
namespace {

using checker::PropertyOutcome;
using checker::Verdict;

std::string trace_detail(const PropertyOutcome& p) {
  const auto& t = *p.trace;
  if (t.cycle_start) return fmt::format("lasso: {} steps, cycle from step {}", t.steps.size(), *t.cycle_start + 1);
  return fmt::format("{}: {} step{}", p.verdict == Verdict::Reachable ? "witness" : "counterexample",
                     t.steps.size(), t.steps.size() == 1 ? "" : "s");
}

std::string model_text(const model::ModelConfig& config) {
  const std::string diff = flags_text(config);
  return diff.empty() ? "MODEL.md defaults" : diff;
}

std::vector<std::pair<std::string, std::string>> check_statistics(const checker::SafetyReport& report) {
  const auto& st = report.stats;
  std::vector<std::pair<std::string, std::string>> rows = {
      {"states", grouped(st.states)},
      {"transitions", grouped(st.transitions)},
      {"depth", std::to_string(st.depth)},
      {"deadlocks", grouped(st.deadlocks)},
      {"exploration", fmt::format("{:.3f} s", st.seconds)},
      {"sends into a full channel", grouped(st.full_channel_sends)}};
  if (report.product_nodes > 0) {
    rows.emplace_back("liveness product nodes", grouped(report.product_nodes));
    rows.emplace_back("liveness", fmt::format("{:.3f} s", report.liveness_seconds));
  }
  if (!st.complete) rows.emplace_back("stopped by", flag_of(st.stopped_by));
  rows.emplace_back("the whole run", fmt::format("{:.3f} s, peak memory {}", report.process_seconds,
                                                 human_bytes(report.process_peak_rss_bytes)));
  return rows;
}

void add_outcome(pictures::HtmlReport& html, const PropertyOutcome& p, const std::string& title,
                 const std::string& no_trace_detail, model::ChannelKind kind) {
  html.verdicts.push_back(report_verdict(p, p.trace ? trace_detail(p) : no_trace_detail));
  if (p.trace) html.traces.push_back(report_trace(title, p, kind));
}

// The first note, or the states explored: what a line of the text report says besides the verdict.
std::string untraced_detail(const PropertyOutcome& p, const std::string& otherwise) {
  return p.notes.empty() ? otherwise : p.notes.front();
}

// One non-conforming connection, open: what the text report says of its first bad packet.
std::string bad_connection_html(const nlohmann::json& bad) {
  std::string html = fmt::format("<details open class=\"bad-connection\"><summary>{} &rarr; {} ({}), first bad packet {}</summary>\n",
                                 pictures::escape_html(bad.value("client", "?")),
                                 pictures::escape_html(bad.value("server", "?")),
                                 pictures::escape_html(bad.value("file", "?")), bad["first_bad_packet"].dump());
  html += "<p>" + pictures::escape_html(bad.value("reason", "")) + "</p>\n";
  std::string explained;
  for (const auto& change : bad["explained_with"])
    explained += (explained.empty() ? "" : ", ") + flag_of(change.value("parameter", "")) + " " + change.value("value", "");
  if (!explained.empty()) html += "<p>It would be explained with " + pictures::escape_html(explained) + ".</p>\n";
  return html + "</details>\n";
}

// The connection tables as the text report prints them, every row.
std::string connection_tables(conform::ConformanceChecker& checker, const std::vector<conform::FileReport>& reports) {
  std::ostringstream text;
  for (const auto& r : reports) print_file(text, checker, r, TableLimits{r.connections.size(), r.connections.size()});
  return "<pre id=\"connections\">" + pictures::escape_html(text.str()) + "</pre>\n";
}

}  // namespace

pictures::ReportVerdict report_verdict(const PropertyOutcome& p, const std::string& detail) {
  return {p.name, std::string(checker::verdict_name(p.verdict)), detail,
          p.verdict == Verdict::Violated || p.verdict == Verdict::Unknown ||
              p.verdict == Verdict::NoViolationFound || p.verdict == Verdict::NotReached};
}

pictures::ReportTrace report_trace(const std::string& title, const PropertyOutcome& p, model::ChannelKind kind) {
  pictures::ReportTrace t;
  t.title = fmt::format("{}: {}, {}", title, checker::verdict_name(p.verdict), trace_detail(p));
  t.trace = *p.trace;
  if (p.verdict == Verdict::Violated) t.cause = checker::describe_cause(*p.trace);
  t.notes = p.notes;
  t.chart_svg = pictures::sequence_chart_svg({{title, *p.trace}}, kind);
  return t;
}

void write_check_html(const std::string& path, const model::ModelConfig& config,
                      const checker::SafetyReport& report) {
  pictures::HtmlReport html;
  html.title = "finwait check";
  html.command = "finwait check " + flags_text(config);
  html.model = model_text(config);
  const std::string explored = grouped(report.stats.states) + " states";
  for (const auto& p : report.properties) add_outcome(html, p, p.name, untraced_detail(p, explored), config.channel);
  for (const auto& q : report.queries)
    add_outcome(html, q, "reach " + q.name, untraced_detail(q, explored), config.channel);
  for (auto& v : html.verdicts)
    if (v.verdict == "unreachable" || v.verdict == "reachable") v.bad = false;
  html.statistics = check_statistics(report);
  finish_html(path, config, std::move(html));
}

void write_prove_html(const std::string& path, const model::ModelConfig& config,
                      const std::vector<checker::symbolic::ProofOutcome>& outcomes) {
  pictures::HtmlReport html;
  html.title = "finwait prove";
  html.command = "finwait prove " + flags_text(config);
  html.model = model_text(config);
  for (const auto& o : outcomes) {
    const std::string engine = " (" + o.engine + ", " + fmt::format("{:.2f} s", o.seconds) + ")";
    std::string notes;
    for (const auto& n : o.result.notes) notes += (notes.empty() ? "" : " ") + n;
    add_outcome(html, o.result, o.result.name, notes, o.replay_config.channel);
    html.verdicts.back().detail += engine;
  }
  html.statistics = {{"the whole run", fmt::format("{:.3f} s, peak memory {}", checker::process_seconds(),
                                                   human_bytes(checker::peak_rss_bytes()))}};
  finish_html(path, config, std::move(html));
}

void write_conform_html(const std::string& path, conform::ConformanceChecker& checker,
                        const std::vector<conform::FileReport>& reports,
                        const std::optional<conform::ConnectionWitness>& witness) {
  const model::ModelConfig& config = checker.config();
  const nlohmann::json j = report_json(checker, reports);
  pictures::HtmlReport html;
  html.title = "finwait conform";
  html.command = "finwait conform " + flags_text(config);
  html.model = model_text(config);
  for (const auto& f : j["files"]) {
    const bool ok = f.value("conforming", false);
    html.verdicts.push_back({f.value("file", "?"), ok ? "conforms" : "does not conform",
                             fmt::format("{} packets, {} connections, {} not conforming", f["packets"].dump(),
                                         f["connections"].dump(), f["nonconforming_connections"].dump()),
                             !ok});
  }
  html.statistics = {{"packets", j["packets"].dump()}, {"connections", j["connections"].dump()},
                     {"records skipped", j["skipped"].dump()}, {"left out by --filter", j["filtered"].dump()}};
  html.extra_title = "Connections";
  for (const auto& bad : j["bad"]) html.extra_html += bad_connection_html(bad);
  html.extra_html += connection_tables(checker, reports);
  if (witness && witness->witness) {
    checker::PropertyOutcome run;
    run.name = "witness for " + witness->path;
    run.verdict = Verdict::Reachable;
    run.trace = witness->witness->trace;
    html.traces.push_back(report_trace(run.name, run, config.channel));
  }
  finish_html(path, config, std::move(html));
}

void finish_html(const std::string& path, const model::ModelConfig& config, pictures::HtmlReport report) {
  const auto diagram = pictures::endpoint_diagram(model::reflected_table(), config, pictures::DiagramView::Full);
  const std::string dot = pictures::to_dot(diagram, "finwait: the endpoint statechart");
  if (auto svg = graphviz_svg(dot)) report.diagram_svg = *svg;
  else report.statistics.emplace_back("state diagram", "not drawn: Graphviz's dot is not installed");
  write_output_file(path, pictures::render_html(report, config.channel), "--html");
}

}  // namespace finwait::cli
