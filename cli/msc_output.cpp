// `--msc FILE.svg`: titles each trace of a run and writes the charts' SVG document.
#include "output_file.hpp"
#include "msc_output.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>

#include "finwait/model/input_error.hpp"

namespace finwait::cli {

std::string chart_title(const std::string& name, std::string_view verdict, const model::Trace& trace) {
  const std::size_t n = trace.steps.size();
  const std::string steps = fmt::format("({} step{})", n, n == 1 ? "" : "s");
  if (verdict.empty()) return fmt::format("{} {}", name, steps);
  const char* what = verdict == "reachable" ? "witness"
                     : trace.cycle_start    ? "lasso counterexample"
                                            : "counterexample";
  return fmt::format("{}: {} — {} {}", name, verdict, what, steps);
}

std::vector<pictures::ChartTrace> report_charts(const checker::SafetyReport& report) {
  std::vector<pictures::ChartTrace> charts;
  for (const auto* list : {&report.properties, &report.queries})
    for (const checker::PropertyOutcome& p : *list)
      if (p.trace)
        charts.push_back({chart_title(p.name, checker::verdict_name(p.verdict), *p.trace), *p.trace});
  return charts;
}

std::vector<pictures::ChartTrace> proof_charts(const std::vector<checker::symbolic::ProofOutcome>& outcomes,
                                               const std::vector<std::string>& queries) {
  std::vector<pictures::ChartTrace> charts;
  const std::size_t first_query = outcomes.size() - std::min(outcomes.size(), queries.size());
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    const checker::PropertyOutcome& p = outcomes[i].result;
    if (!p.trace) continue;
    const std::string& name = i >= first_query ? queries[i - first_query] : p.name;
    charts.push_back({chart_title(name, checker::verdict_name(p.verdict), *p.trace), *p.trace});
  }
  return charts;
}

std::vector<pictures::ChartTrace> witness_charts(const conform::ConnectionWitness& w) {
  if (!w.witness) return {};
  const std::string name = fmt::format("witness: {} {} -> {}", w.path, to_string(w.connection->a),
                                       to_string(w.connection->b));
  return {{chart_title(name, "", w.witness->trace), w.witness->trace}};
}

void write_msc(const std::string& path, const std::vector<pictures::ChartTrace>& charts,
               model::ChannelKind kind) {
  write_output_file(path, pictures::sequence_chart_svg(charts, kind), "--msc");
}

}  // namespace finwait::cli
