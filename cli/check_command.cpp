// `finwait check`: explore, print the status block and counterexamples, pick the exit code.
#include <fmt/format.h>
#include <fmt/ostream.h>

#include <algorithm>
#include <charconv>
#include <fstream>

#include "output_file.hpp"
#include "check_report.hpp"
#include "commands.hpp"
#include "itf.hpp"
#include "pcap_export.hpp"
#include "finwait/checker/check_properties.hpp"
#include "finwait/model/input_error.hpp"
#include "finwait/properties/property_file.hpp"
#include "html_output.hpp"
#include "msc_output.hpp"

namespace finwait::cli {
namespace {

checker::ProgressFn progress_printer(std::ostream& err) {
  return [&err](const checker::ExplorationStats& s) {
    if (!s.phase.empty()) {
      fmt::print(err, "\r{}: {} product nodes, {:.0f} s, {}    ", s.phase, grouped(s.states), s.seconds,
                 human_bytes(s.peak_rss_bytes));
      err.flush();
      return;
    }
    fmt::print(err, "\r{} states, depth {}, queue {}, {} states/s, {}    ", grouped(s.states),
               s.depth, grouped(s.queue), grouped(static_cast<std::uint64_t>(s.states_per_second())),
               human_bytes(s.peak_rss_bytes));
    err.flush();
  };
}

void write_trace_file(const std::string& path, const nlohmann::json& j) {
  write_output_file(path, j.dump(2) + '\n', "--trace-out");
}

}  // namespace

std::uint64_t parse_size(const std::string& text, const std::string& flag) {
  // Digits, then K, M or G: no sign (stoull reads "-1" as 2^64-1), nothing that wraps.
  const auto bad = [&text, &flag](const char* why) {
    return InputError(flag, "invalid size '" + text + "', " + why);
  };
  const std::size_t digits = std::min(text.find_first_not_of("0123456789"), text.size());
  if (digits == 0) throw bad("expected a positive size such as 512M or 2G");
  const std::string unit = text.substr(digits);
  unsigned shift = 0;
  if (unit == "K" || unit == "k") shift = 10;
  else if (unit == "M" || unit == "m") shift = 20;
  else if (unit == "G" || unit == "g") shift = 30;
  else if (!unit.empty()) throw bad("expected a positive size such as 512M or 2G");
  std::uint64_t n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + digits, n);
  if (ec != std::errc() || n > (UINT64_MAX >> shift)) throw bad("too large");
  if (n == 0) throw bad("expected a positive size such as 512M or 2G");
  return n << shift;
}

int run_check(const model::ModelConfig& config, const CheckOptions& options, std::ostream& out,
              std::ostream& err) {
  const auto specs = selected_properties(options.properties, options.reach);
  std::vector<properties::ReachQuery> queries;
  for (const std::string& text : options.reach)
    queries.push_back(properties::parse_reach_query(text, reach_where(text)));
  const model::SystemSemantics sys(config);
  const auto report = checker::check_properties(sys, specs, queries, options.limits,
                                                options.progress ? progress_printer(err) : nullptr,
                                                options.search);
  if (options.progress && report.process_seconds >= 1.0) fmt::print(err, "\n");
  if (!options.writes_files) return check_exit_code(report);  // another rank prints and writes
  if (!options.trace_out.empty()) write_trace_file(options.trace_out, trace_file_json("check", config, report, specs));
  if (!options.itf.empty()) export_itf(options.itf, trace_file_json("check", config, report, specs), err);
  if (!options.pcap_out.empty()) export_pcap(options.pcap_out, trace_file_json("check", config, report, specs), err);
  if (!options.msc.empty()) write_msc(options.msc, report_charts(report), config.channel);
  if (!options.html.empty()) write_check_html(options.html, config, report);
  if (options.json)
    out << check_json(config, report).dump(2) << '\n';
  else
    print_check_text(out, config, report);
  return check_exit_code(report);
}

}  // namespace finwait::cli
