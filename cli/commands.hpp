// The subcommands; each returns the process exit status and writes only to the given streams.
#pragma once

#include <cstdint>
#include <istream>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "finwait/checker/check_properties.hpp"
#include "finwait/checker/exploration.hpp"
#include "finwait/model/config.hpp"
#include "finwait/properties/property_file.hpp"

namespace finwait::cli {

struct CheckOptions {
  std::vector<std::string> properties;  // names or files; see selected_properties
  std::vector<std::string> reach;       // reachability queries
  bool json = false;
  std::string trace_out;
  std::string msc;                      // FILE.svg: every trace as a message sequence chart
  std::string html;                     // FILE.html: the self-contained report
  std::string itf;                      // FILE: every trace as ITF (FILE, FILE.2, ...)
  std::string pcap_out;                 // FILE: the first trace as a synthetic capture
  checker::ExplorationLimits limits;
  bool progress = false;                // print progress on the error stream
  const checker::SafetySearch* search = nullptr;  // the distributed search, under mpirun
  bool writes_files = true;             // false on MPI ranks other than 0
};

int run_check(const model::ModelConfig& config, const CheckOptions& options, std::ostream& out,
              std::ostream& err);

struct ProveOptions {
  std::vector<std::string> properties;  // names or files; see selected_properties
  std::vector<std::string> reach;
  std::string engine = "auto";
  unsigned bound = 30;
  double timeout_seconds = 60;
  bool show_invariant = false;
  bool show_certificate = false;
  bool json = false;
  std::string max_memory;  // Z3's memory limit, e.g. "2G"; empty = none
  std::string trace_out;   // write every trace for `finwait replay`
  std::string msc;         // FILE.svg: every trace as a message sequence chart
  std::string html;        // FILE.html: the self-contained report
  std::string itf;         // FILE: every trace as ITF (FILE, FILE.2, ...)
  std::string pcap_out;    // FILE: the first trace as a synthetic capture
  double max_seconds = 0;  // the whole run's time (the process's); 0 = none
  bool progress = false;   // name each property on the error stream as it starts
};
int run_prove(const model::ModelConfig& config, const ProveOptions& options, std::ostream& out,
              std::ostream& err);

struct SimulateOptions {
  std::string steps;   // the steps as text ("A close; A->B deliver"); "-": read standard input
  std::string file;    // read the steps from FILE ("-": standard input)
  std::string random;  // N: walk a random run of at most N steps instead (checked when run)
  std::string seed;    // the random run's seed; empty: 1
  std::string pcap_out;  // FILE: the run as a synthetic capture
  std::string msc;     // FILE.svg: the run as a message sequence chart
  bool json = false;
};
// `in` is standard input, read only when the options say "-".
int run_simulate(const model::ModelConfig& config, const SimulateOptions& options, std::istream& in,
                 std::ostream& out);

// `msc`: FILE.svg to draw every trace of the file in; empty: none.
int run_replay(const std::string& file, bool json, std::ostream& out, const std::string& msc = "");

struct VerdictsOptions {
  std::vector<std::string> properties;  // names or files; empty: the whole library
  bool json = false;
  bool csv = false;
  std::string output;  // FILE; empty or "-": the output stream
};
// The table of every library property against the default model and named variations, in
// Markdown: docs/verdicts.md.
std::string verdicts_markdown();
// The same table with `config` as the base column, for options.properties, in the chosen format.
int run_verdicts(const model::ModelConfig& config, const VerdictsOptions& options, std::ostream& out);

struct ConformCommandOptions {
  std::vector<std::string> files;
  bool json = false;
  bool all = false;           // list every connection, not only the first conforming ones
  std::string filter;         // BPF expression: check only the packets it accepts
  std::string witness;        // ADDRESS:PORT of a client whose run to print
  std::string trace_out;      // write that run for `finwait replay`
  std::string msc;            // FILE.svg: draw that run as a message sequence chart
  std::string html;           // FILE.html: the self-contained report
  bool progress = false;      // progress on the error stream
};
int run_conform(const model::ModelConfig& config, const ConformCommandOptions& options,
                std::ostream& out, std::ostream& err);

struct DiagramOptions {
  std::string view = "full";  // full | client | server (checked when run)
  std::string format;         // dot | svg | png; empty: from the output's extension, else dot
  std::string output;         // FILE; empty or "-": the output stream
  bool reachable = false;     // the explored state graph instead of the endpoint diagram
  std::string property;       // with reachable: colour its violations, draw its counterexample
};
// The endpoint state diagram drawn from the reflected table, or --reachable's state graph.
int run_diagram(const model::ModelConfig& config, const DiagramOptions& options, std::ostream& out);

// The library, one line per property; `names_only`: one name per line (for completion).
// `json`: one JSON object (docs/json.md) with each property's name, kind, meaning and source.
int run_properties(bool names_only, bool json, std::ostream& out);

// The properties named, or none if only queries were given, or the default list.
std::vector<properties::PropertySpec> selected_properties(const std::vector<std::string>& names,
                                                          const std::vector<std::string>& queries);

// Where a --reach query's errors point: `--reach "TEXT"`, a long text cut short.
std::string reach_where(const std::string& text);

// "512M", "2G", "1000000" -> bytes; throws InputError naming --max-memory.
std::uint64_t parse_size(const std::string& text, const std::string& flag = "--max-memory");

}  // namespace finwait::cli
