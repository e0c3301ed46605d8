// One self-contained HTML page for a run of check, prove or conform: the verdict table, the
// statistics, the state diagram, and each trace as a sequence chart and a step table. No
// script, stylesheet, font or image is fetched: the page reads the same offline, archived
// with a bug report, as on the machine that made it.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "finwait/model/config.hpp"
#include "finwait/model/trace.hpp"

namespace finwait::pictures {

struct ReportVerdict {
  std::string name;     // the property, query or connection
  std::string verdict;  // "holds", "violated", "conforms", ...
  std::string detail;   // "counterexample: 4 steps", a note, a reason
  bool bad = false;     // drawn as a failure (violated, does not conform)
};

struct ReportTrace {
  std::string title;                // "graceful: violated, counterexample (4 steps)"
  model::Trace trace;               // drawn as a step table
  std::string cause;                // one sentence, or empty
  std::vector<std::string> notes;   // a lasso's fairness notes
  std::string chart_svg;            // the sequence chart, a whole <svg> element
};

struct HtmlReport {
  std::string title;       // "finwait check"
  std::string command;     // the command line, for the record
  std::string model;       // "MODEL.md defaults", or the flags
  std::vector<ReportVerdict> verdicts;
  std::vector<std::pair<std::string, std::string>> statistics;  // name, value
  std::string diagram_svg;          // the endpoint state diagram, or empty
  std::vector<ReportTrace> traces;
  std::string extra_title, extra_html;  // a further section (conform's connections), already HTML
};

// The page. `channel` says how channel contents are written in step tables.
std::string render_html(const HtmlReport& report, model::ChannelKind channel);

// Text made safe for HTML and XML (element text and quoted attribute values; "'" becomes
// &#39;, which both read).
std::string escape_html(const std::string& text);

}  // namespace finwait::pictures
