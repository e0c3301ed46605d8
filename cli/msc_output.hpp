// `--msc FILE.svg`: the traces of a run written as SVG message sequence charts.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "finwait/checker/safety_check.hpp"
#include "finwait/checker/symbolic/prove.hpp"
#include "finwait/conform/conformance.hpp"
#include "finwait/model/config.hpp"
#include "finwait/pictures/sequence_chart.hpp"

namespace finwait::cli {

// "graceful: violated — counterexample (4 steps)", as the text report heads a trace; with no
// verdict (a simulated run, a conformance witness), "NAME (4 steps)".
std::string chart_title(const std::string& name, std::string_view verdict, const model::Trace& trace);

// `finwait check`: every counterexample, witness and lasso, properties first. A query is
// titled by its text, as the trace file names it, so that `replay --msc` draws the same chart.
std::vector<pictures::ChartTrace> report_charts(const checker::SafetyReport& report);

// `finwait prove`: the outcomes are the properties, then one per query (of `queries`).
std::vector<pictures::ChartTrace> proof_charts(const std::vector<checker::symbolic::ProofOutcome>& outcomes,
                                               const std::vector<std::string>& queries);

// `finwait conform --witness`: the model run that explains the connection, if there is one.
std::vector<pictures::ChartTrace> witness_charts(const conform::ConnectionWitness& w);

// Writes the charts as one SVG document (no charts: one that says "no trace"); an InputError
// naming --msc when the file cannot be written.
void write_msc(const std::string& path, const std::vector<pictures::ChartTrace>& charts,
               model::ChannelKind kind);

}  // namespace finwait::cli
