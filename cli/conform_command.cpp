// `finwait conform FILE...`: does some run of the model explain every segment of every
// connection in these captures (TRACES.md)? Prints verdicts, the first bad packet and why,
// a per-connection table, and on request a witness run.
#include <fmt/format.h>
#include <fmt/ostream.h>

#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>

#include "output_file.hpp"
#include "check_report.hpp"
#include "commands.hpp"
#include "model_options.hpp"
#include "conform_report.hpp"
#include "conform_witness_output.hpp"
#include "html_output.hpp"
#include "msc_output.hpp"
#include "finwait/conform/conformance.hpp"
#include "finwait/model/input_error.hpp"

namespace finwait::cli {
namespace {

using conform::Connection;
using conform::FileReport;
using model::Party;
using nlohmann::json;

// "10.0.0.1:80" or "[fd00::1]:80" -> socket address; InputError naming --witness.
conform::SocketAddress parse_socket_address(const std::string& text) {
  const auto colon = text.rfind(':');
  conform::SocketAddress out;
  auto fail = [&text]() -> conform::SocketAddress {
    throw InputError("--witness", "expected ADDRESS:PORT (e.g. 10.0.0.1:40000 or [fd00::1]:40000), "
                                  "got '" + text + "'");
  };
  if (colon == std::string::npos || colon + 1 == text.size()) return fail();
  std::string host = text.substr(0, colon);
  const std::string port = text.substr(colon + 1);
  if (port.find_first_not_of("0123456789") != std::string::npos || port.size() > 5) return fail();
  const unsigned long p = std::stoul(port);
  if (p > 65535) return fail();
  out.port = static_cast<std::uint16_t>(p);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (auto ip = conform::parse_ip(host)) out.ip = *ip;
  else return fail();
  return out;
}


// Progress on the error stream: packets, connections and how far into the file.
std::function<void(const conform::Progress&)> progress_printer(std::ostream& err) {
  return [&err](const conform::Progress& p) {
    const std::string where =
        p.file_size ? fmt::format(", {:.0f}%", 100.0 * static_cast<double>(p.bytes) /
                                                   static_cast<double>(p.file_size))
                    : "";  // standard input: the size is unknown
    fmt::print(err, "\r{}: {} packets, {} connections{}   ", p.path, grouped(p.packets),
               grouped(p.connections), where);
    err.flush();
  };
}

void write_witness(const std::string& path, const model::ModelConfig& config,
                   const conform::ConnectionWitness& w, const std::string& client) {
  if (!w.witness)
    throw InputError("--trace-out", "no witness to write: " + client + "'s connection does not conform");
  write_output_file(path, witness_trace_json(config, w).dump(2) + '\n', "--trace-out");
}

void print_text(std::ostream& out, conform::ConformanceChecker& checker,
                const std::vector<FileReport>& reports, bool all,
                const std::optional<conform::ConnectionWitness>& witness) {
  const std::string diff = flags_text(checker.config());
  fmt::print(out, "model: {}\n", diff.empty() ? "MODEL.md defaults (profile rfc793)" : diff);
  for (const FileReport& r : reports) {
    print_file(out, checker, r,
               all ? TableLimits{r.connections.size(), r.connections.size()} : TableLimits{});
    fmt::print(out, "\n");
  }
  if (!witness) return;
  if (witness->witness)
    print_witness(out, *witness, checker.config().channel);
  else
    fmt::print(out, "no witness for {}: the connection does not conform (see above)\n",
               to_string(witness->connection->a));
}

}  // namespace

int run_conform(const model::ModelConfig& config, const ConformCommandOptions& options,
                std::ostream& out, std::ostream& err) {
  if (options.files.empty()) throw InputError("conform", "no capture file given");
  if (!options.trace_out.empty() && options.witness.empty())
    throw InputError("--trace-out", "needs --witness naming the client of the connection to write");
  if (!options.msc.empty() && options.witness.empty())
    throw InputError("--msc", "needs --witness naming the client of the connection to draw");
  conform::ConformanceChecker checker(config);
  conform::ConformOptions copts;
  copts.filter = options.filter;
  if (!options.witness.empty()) copts.witness_client = parse_socket_address(options.witness);
  if (options.progress) copts.on_progress = progress_printer(err);
  std::vector<FileReport> reports;
  for (const std::string& f : options.files) {
    reports.push_back(checker.check_file(f, copts));
    if (options.progress) fmt::print(err, "\r\033[K");
  }
  std::optional<conform::ConnectionWitness> witness;
  if (copts.witness_client) {
    witness = conform::witness_for(checker.semantics(), reports, *copts.witness_client);
    if (!witness) throw InputError("--witness", "no connection whose client (A) is " + options.witness);
  }
  if (options.json) {
    json j = report_json(checker, reports);
    if (witness && witness->witness) j["witness"] = witness_trace_json(config, *witness)["traces"][0];
    out << j.dump(2) << '\n';
  } else {
    print_text(out, checker, reports, options.all, witness);
  }
  if (!options.trace_out.empty()) write_witness(options.trace_out, config, *witness, options.witness);
  if (!options.msc.empty()) write_msc(options.msc, witness_charts(*witness), config.channel);
  if (!options.html.empty()) write_conform_html(options.html, checker, reports, witness);
  bool conforming = true;
  for (const auto& r : reports) conforming = conforming && r.nonconforming == 0;
  return conforming ? 0 : 1;
}

}  // namespace finwait::cli
