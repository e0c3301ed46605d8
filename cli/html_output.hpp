// `--html FILE` of check, prove and conform: gathers a run's verdicts, statistics and traces
// into pictures::HtmlReport and writes the page.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "finwait/checker/safety_check.hpp"
#include "finwait/conform/conformance.hpp"
#include "finwait/checker/symbolic/prove.hpp"
#include "finwait/model/config.hpp"
#include "finwait/pictures/html_report.hpp"

namespace finwait::cli {

// The rows and traces of a check or prove run, in the report's own words.
pictures::ReportVerdict report_verdict(const checker::PropertyOutcome& p, const std::string& detail);
pictures::ReportTrace report_trace(const std::string& title, const checker::PropertyOutcome& p,
                                   model::ChannelKind kind);

void write_check_html(const std::string& path, const model::ModelConfig& config,
                      const checker::SafetyReport& report);
void write_prove_html(const std::string& path, const model::ModelConfig& config,
                      const std::vector<checker::symbolic::ProofOutcome>& outcomes);

// Every file's verdict, each non-conforming connection expanded (reason, the states before
// its first bad packet, the option changes that would explain it), the connection tables, and
// the witness run when there is one.
void write_conform_html(const std::string& path, conform::ConformanceChecker& checker,
                        const std::vector<conform::FileReport>& reports,
                        const std::optional<conform::ConnectionWitness>& witness);

// Adds the endpoint state diagram of `config` (through Graphviz; a note instead when `dot` is
// not installed) and writes the page; throws InputError naming --html if it cannot.
void finish_html(const std::string& path, const model::ModelConfig& config, pictures::HtmlReport report);

}  // namespace finwait::cli
