// Builds the CLI11 parser for every subcommand and maps failures to exit status 2.
#include "app.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <fmt/ostream.h>
#include <iostream>
#include <thread>

#include "commands.hpp"
#include "finwait/model/input_error.hpp"
#include "finwait/checker/symbolic/prove.hpp"
#include "model_options.hpp"
#include "usage_check.hpp"

namespace finwait::cli {
namespace {

// Seconds as a limit: finite, above zero and below about 31 years. CLI11's PositiveNumber lets
// "nan" through (nan <= 0 is false) and 1e300 would overflow the clocks that use it.
const CLI::Validator kSeconds(
    [](std::string& text) -> std::string {
      std::size_t used = 0;
      double value = 0;
      try {
        value = std::stod(text, &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (used == 0 || used != text.size() || !std::isfinite(value) || value <= 0 || value > 1e9)
        return "invalid value '" + text + "', expected seconds above 0 and at most 1e9, e.g. 30 or 0.5";
      return "";
    },
    "SECONDS");

struct Invocation {
  ModelOptions model;
  CheckOptions check;
  std::string max_memory;
  std::string bitstate;
  std::uint64_t max_states = 0;
  double max_seconds = 0;
  unsigned threads = 0;  // 0: every core
  SimulateOptions simulate;
  std::string replay_file;
  bool replay_json = false;
  std::string replay_msc;
  VerdictsOptions verdicts;
  ProveOptions prove;
  ConformCommandOptions conform;
  DiagramOptions diagram;
  bool property_names_only = false;
  bool property_json = false;
  std::string complete_for;
};

void add_check(CLI::App& app, Invocation& inv) {
  auto* check = app.add_subcommand("check", "Explore every reachable state and check properties");
  inv.model.add_to(*check);
  check->add_option("--property", inv.check.properties,
                    "Property to check (repeatable): a library name (see docs/verdicts.md) or a "
                    ".prop file. Default: no-unexpected, proper-termination, graceful");
  check->add_option("--reach", inv.check.reach,
                    "Reachability query, e.g. \"A=TIME_WAIT and B=TIME_WAIT\" (repeatable)");
  check->add_flag("--json", inv.check.json, "Print one JSON object instead of text");
  check->add_option("--trace-out", inv.check.trace_out,
                    "Write every counterexample and witness to FILE for `finwait replay`");
  check->add_option("--itf", inv.check.itf,
                    "Write every counterexample and witness as an ITF trace (Apalache, Quint): FILE, "
                    "then FILE.2... (before .itf.json), one trace per file");
  check->add_option("--pcap-out", inv.check.pcap_out,
                    "Write the first counterexample or witness as a synthetic pcap capture that "
                    "`finwait conform` accepts");
  check->add_option("--msc", inv.check.msc,
                    "Draw every counterexample, witness and lasso as an SVG message sequence chart in FILE");
  check->add_option("--html", inv.check.html,
                    "Write a self-contained HTML report to FILE: verdicts, statistics, each trace as a chart and a table, the state diagram");
  check->add_option("--max-states", inv.max_states, "Stop after about N states (verdict unknown)")
      ->check(CLI::PositiveNumber);
  check->add_option("--max-memory", inv.max_memory,
                    "Stop at this resident memory, e.g. 2G, in every phase (verdicts unknown)");
  check->add_option("--max-seconds", inv.max_seconds,
                    "Stop once the process has run this many seconds, in every phase")
      ->check(kSeconds);
  check->add_flag("--compress", inv.check.limits.compress,
                  "Keep only the visited set (2 to 7 bytes a state) in memory; the states "
                  "themselves go to a temporary file. Safety and reachability only");
  check->add_option("--bitstate", inv.bitstate,
                    "Supertrace: remember states in a bit array of this size (e.g. 64M) instead of "
                    "storing them; may miss states, so says \"no violation found\", never \"holds\"");
  check->add_option("--threads", inv.threads,
                    "Threads for the search (default: every core); the results are the same "
                    "for any number. Temporal properties: the state graph is built on N threads, the "
                    "product search runs on one")
      ->check(CLI::Range(1u, 1024u));
}

void add_prove(CLI::App& app, Invocation& inv) {
  auto* prove = app.add_subcommand("prove", "Decide properties with Z3: BMC, k-induction, PDR "
                                            "(Spacer), lasso search; --capacity inf for bags");
  inv.model.add_to(*prove);
  prove->add_option("--property", inv.prove.properties,
                    "Property (repeatable): a library name or a .prop file. Default: "
                    "no-unexpected, proper-termination, graceful");
  prove->add_option("--reach", inv.prove.reach, "Reachability query (repeatable)");
  prove->add_option("--engine", inv.prove.engine, "bmc | kind | pdr | ranking | auto (default auto)");
  prove->add_option("--bound", inv.prove.bound,
                    "Depth of BMC and lasso search, largest k of k-induction (default 30)");
  prove->add_option("--timeout", inv.prove.timeout_seconds,
                    "Seconds per property before the verdict is unknown (default 60)")
      ->check(kSeconds);
  prove->add_flag("--show-invariant", inv.prove.show_invariant,
                  "Print the inductive invariant of each proof");
  prove->add_flag("--show-certificate", inv.prove.show_certificate,
                  "Print each proof's re-checked certificate: the inductive invariant of an "
                  "invariant, the k-liveness bound and invariant of a temporal claim");
  prove->add_flag("--json", inv.prove.json, "Print one JSON object instead of text");
  prove->add_option("--trace-out", inv.prove.trace_out,
                    "Write every counterexample and witness to FILE for `finwait replay`");
  prove->add_option("--itf", inv.prove.itf,
                    "Write every counterexample and witness as an ITF trace (Apalache, Quint): FILE, "
                    "then FILE.2... (before .itf.json), one trace per file");
  prove->add_option("--pcap-out", inv.prove.pcap_out,
                    "Write the first counterexample or witness as a synthetic pcap capture that "
                    "`finwait conform` accepts");
  prove->add_option("--msc", inv.prove.msc,
                    "Draw every counterexample, witness and lasso as an SVG message sequence chart in FILE");
  prove->add_option("--html", inv.prove.html,
                    "Write a self-contained HTML report to FILE: verdicts, statistics, each trace as a chart and a table, the state diagram");
  prove->add_option("--max-memory", inv.prove.max_memory,
                    "Z3's memory limit, e.g. 2G (then the verdict is unknown)");
  prove->add_option("--max-seconds", inv.prove.max_seconds,
                    "Stop the whole run after this many seconds: each property's timeout is cut "
                    "to what is left, and properties not started are unknown")
      ->check(kSeconds);
}

void add_simulate(CLI::App& app, Invocation& inv) {
  auto* sim = app.add_subcommand("simulate", "Replay steps written by hand, e.g. \"A close; A->B deliver\"");
  sim->add_option("steps", inv.simulate.steps, "Steps separated by ';' or newlines; - reads standard input");
  inv.model.add_to(*sim);
  sim->add_flag("--json", inv.simulate.json, "Print the run as JSON");
  sim->add_option("--file", inv.simulate.file, "Read the steps from FILE (# starts a comment; - is standard input)");
  sim->add_option("--random", inv.simulate.random, "Walk a random run of at most N steps, as SPIN does");
  sim->add_option("--seed", inv.simulate.seed, "Seed of --random (default 1): the same seed, the same run");
  sim->add_option("--pcap-out", inv.simulate.pcap_out, "Write the run as a synthetic pcap capture that `finwait conform` accepts");
  sim->add_option("--msc", inv.simulate.msc, "Draw the run as an SVG message sequence chart in FILE");
}

void add_replay(CLI::App& app, Invocation& inv) {
  auto* rep = app.add_subcommand("replay", "Re-execute traces saved by `check --trace-out`");
  rep->add_option("file", inv.replay_file, "Trace file")->required();
  rep->add_flag("--json", inv.replay_json, "Print one JSON object instead of text");
  rep->add_option("--msc", inv.replay_msc, "Draw every trace of the file as an SVG message sequence chart in FILE");
}

void add_verdicts(CLI::App& app, Invocation& inv) {
  auto* v = app.add_subcommand("verdicts", "Check library properties on a model and one-parameter "
                                           "variations of it; print the Markdown table (docs/verdicts.md), "
                                           "JSON or CSV");
  inv.model.add_to(*v);
  v->add_option("--property", inv.verdicts.properties,
                "Property (repeatable): a library name or a .prop file. Default: the whole library");
  v->add_flag("--json", inv.verdicts.json, "Print one JSON object instead of Markdown");
  v->add_flag("--csv", inv.verdicts.csv, "Print the table as CSV (RFC 4180) instead of Markdown");
  v->add_option("--output", inv.verdicts.output, "Write the result to FILE instead of stdout");
}

void add_conform(CLI::App& app, Invocation& inv) {
  auto* c = app.add_subcommand("conform", "Check packet captures (pcap, pcapng) against the model: "
                                          "is every connection explained by some run? (TRACES.md)");
  c->add_option("file", inv.conform.files, "Capture files; - reads standard input")->required();
  inv.model.add_to(*c);
  c->add_flag("--json", inv.conform.json, "Print one JSON object instead of text");
  c->add_flag("--all", inv.conform.all, "List every connection in the table");
  c->add_option("--filter", inv.conform.filter,
                "Check only the packets this BPF expression accepts, as in tcpdump "
                "(e.g. \"tcp port 443\"); the others still count in packet numbers");
  c->add_option("--witness", inv.conform.witness,
                "ADDRESS:PORT of a client (A): print one model run that explains its connection");
  c->add_option("--trace-out", inv.conform.trace_out,
                "With --witness: write that run to FILE for `finwait replay`");
  c->add_option("--msc", inv.conform.msc,
                "With --witness: draw that run as an SVG message sequence chart in FILE");
  c->add_option("--html", inv.conform.html,
                "Write a self-contained HTML report to FILE: each file's verdict, the non-conforming "
                "connections expanded, the connection tables, the witness run, the state diagram");
}

void add_properties(CLI::App& app, Invocation& inv) {
  auto* p = app.add_subcommand("properties", "List the property library: name, kind and meaning, one line each");
  p->add_flag("--names", inv.property_names_only, "Print only the names, one per line");
  p->add_flag("--json", inv.property_json, "Print one JSON object instead of text");
}

void add_diagram(CLI::App& app, Invocation& inv) {
  auto* d = app.add_subcommand("diagram", "Draw the endpoint state diagram from the transition table "
                                          "(Graphviz DOT, SVG or PNG), or a small model's state graph");
  inv.model.add_to(*d);
  d->add_option("--view", inv.diagram.view, "full | client (active closer) | server (passive closer); "
                                            "default full");
  d->add_option("--format", inv.diagram.format, "dot | svg | png (SVG and PNG need Graphviz's dot); "
                                                "default: from -o's extension, else dot");
  d->add_option("-o,--output", inv.diagram.output, "Write the picture to FILE instead of stdout");
  d->add_flag("--reachable", inv.diagram.reachable,
              "Draw the explored state graph instead (refused above 500 states)");
  d->add_option("--property", inv.diagram.property,
                "With --reachable: colour the states violating this property, draw its counterexample");
}

// For the bash completion script: the subcommands, or one subcommand's flags. Hidden.
void add_complete(CLI::App& app, Invocation& inv) {
  auto* c = app.add_subcommand("__complete", "");
  c->group("");
  c->add_option("subcommand", inv.complete_for, "Subcommand whose flags to list");
}

int print_completions(const CLI::App& app, const std::string& subcommand, std::ostream& out) {
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    if (sub->get_group().empty()) continue;
    if (subcommand.empty()) out << sub->get_name() << '\n';
    if (sub->get_name() != subcommand) continue;
    for (const CLI::Option* opt : sub->get_options())
      for (const std::string& name : opt->get_lnames()) out << "--" << name << '\n';
  }
  return 0;
}

int dispatch(CLI::App& app, Invocation& inv, std::ostream& out, std::ostream& err, bool tty,
             const Launch& launch) {
  if (launch.distributed && !app.got_subcommand("check"))
    throw UsageError("under mpirun only `finwait check` runs, over the ranks; run `finwait " +
                     app.get_subcommands().front()->get_name() + "` without mpirun");
  if (app.got_subcommand("check")) {
    if (inv.max_states > 0) inv.check.limits.max_states = inv.max_states;
    if (inv.max_seconds > 0) inv.check.limits.max_seconds = inv.max_seconds;
    inv.check.limits.threads = inv.threads > 0 ? inv.threads : std::max(1u, std::thread::hardware_concurrency());
    if (launch.distributed) {
      // One thread per rank: mpirun starts one process per core it is given.
      if (inv.threads > 1)
        throw InputError("threads", "under mpirun each rank searches on one thread; start more ranks "
                                    "(mpirun -np N) instead");
      inv.check.limits.threads = 1;
      inv.check.search = launch.distributed;
      inv.check.writes_files = launch.root;
    }
    // Given, even empty, it is parsed: "--max-memory ''" is an error, not "no limit".
    if (app.get_subcommand("check")->count("--max-memory") > 0)
      inv.check.limits.max_memory_bytes = parse_size(inv.max_memory);
    if (app.get_subcommand("check")->count("--bitstate") > 0)
      inv.check.limits.bitstate_bytes = parse_size(inv.bitstate, "--bitstate");
    inv.check.progress = tty;
    return run_check(inv.model.to_config(), inv.check, out, err);
  }
  if (app.got_subcommand("prove")) {
    if (app.get_subcommand("prove")->count("--max-memory") > 0) parse_size(inv.prove.max_memory);
    inv.prove.progress = tty;
    return run_prove(inv.model.to_config(), inv.prove, out, err);
  }
  if (app.got_subcommand("verdicts")) return run_verdicts(inv.model.to_config(), inv.verdicts, out);
  if (app.got_subcommand("properties")) return run_properties(inv.property_names_only, inv.property_json, out);
  if (app.got_subcommand("diagram")) return run_diagram(inv.model.to_config(), inv.diagram, out);
  if (app.got_subcommand("__complete")) return print_completions(app, inv.complete_for, out);
  if (app.got_subcommand("conform")) {
    inv.conform.progress = tty;
    return run_conform(inv.model.to_config(), inv.conform, out, err);
  }
  if (app.got_subcommand("simulate"))
    return run_simulate(inv.model.to_config(), inv.simulate, std::cin, out);
  return run_replay(inv.replay_file, inv.replay_json, out, inv.replay_msc);
}

// Engines name a model parameter or a limit ("capacity", "max_states", "filter"); the user
// typed a flag. Files, lines and packets are left as they are.
std::string where_for_user(const std::string& where) {
  static const std::vector<std::string> engine_words = {"max_states", "max_seconds", "max_memory",
                                                        "filter", "compress", "threads", "bitstate"};
  const auto& names = model::parameter_names();
  const bool parameter = std::find(names.begin(), names.end(), where) != names.end() ||
                         std::find(engine_words.begin(), engine_words.end(), where) != engine_words.end();
  return parameter ? flag_of(where) : where;
}

}  // namespace

std::string version_text() {
  return fmt::format("finwait {} (Z3 {}, JSON schema {})", FINWAIT_VERSION, checker::symbolic::z3_version(),
                     kJsonSchemaVersion);
}

int run_cli(int argc, const char* const* argv, std::ostream& out, std::ostream& err,
            bool err_is_terminal, const Launch& launch) {
  CLI::App app{"finwait: a model checker for TCP connection termination (RFC 793 / RFC 9293)"};
  app.name("finwait");
  app.require_subcommand(1);
  Invocation inv;
  add_check(app, inv);
  add_prove(app, inv);
  add_simulate(app, inv);
  add_replay(app, inv);
  add_verdicts(app, inv);
  add_conform(app, inv);
  add_properties(app, inv);
  add_diagram(app, inv);
  add_complete(app, inv);
  app.set_version_flag("--version", version_text());
  try {
    check_usage(app, std::vector<std::string>(argv + std::min(argc, 1), argv + argc));
    app.parse(argc, argv);
    return dispatch(app, inv, out, err, err_is_terminal, launch);
  } catch (const UsageError& e) {
    fmt::print(err, "finwait: error: {}\n", e.what());
    return 2;
  } catch (const CLI::CallForVersion&) {
    out << version_text() << '\n';
    return 0;
  } catch (const CLI::CallForHelp&) {
    const auto subs = app.get_subcommands();
    out << (subs.empty() ? app.help() : subs.front()->help());
    return 0;
  } catch (const CLI::ParseError& e) {
    fmt::print(err, "finwait: error: {} (see finwait --help)\n", e.what());
    return 2;
  } catch (const InputError& e) {
    fmt::print(err, "finwait: error: {}: {}\n", where_for_user(e.where()), e.what());
    return 2;
  } catch (const std::bad_alloc&) {
    fmt::print(err, "finwait: out of memory; use --max-memory or --max-states to stop earlier\n");
    return 3;
  } catch (const std::exception& e) {
    // Our own bug (a failed self-check): say so plainly rather than print a wrong answer.
    fmt::print(err, "finwait: internal error: {} (please report this with the command line)\n", e.what());
    return 3;
  }
}

}  // namespace finwait::cli
