// Status block, counterexamples and JSON for `finwait check`.
#include "check_report.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <filesystem>

#include "finwait/checker/cause.hpp"
#include "json_document.hpp"
#include "model_options.hpp"
#include "render_trace.hpp"
#include "trace_json.hpp"

namespace finwait::cli {
namespace {

using checker::PropertyOutcome;
using checker::Verdict;

std::string line_of(const PropertyOutcome& p, const checker::ExplorationStats& stats) {
  const std::string verdict(checker::verdict_name(p.verdict));
  switch (p.verdict) {
    case Verdict::Holds:
    case Verdict::Unreachable:
      return fmt::format("{} ({} states, {:.3f} s)", verdict, grouped(stats.states), stats.seconds);
    case Verdict::Violated:
      if (p.trace->cycle_start)
        return fmt::format("{} (lasso: {} steps, cycle from step {})", verdict, p.trace->steps.size(),
                           *p.trace->cycle_start + 1);
      return fmt::format("{} (counterexample: {} step{})", verdict, p.trace->steps.size(),
                         p.trace->steps.size() == 1 ? "" : "s");
    case Verdict::Reachable:
      return fmt::format("{} (witness: {} step{})", verdict, p.trace->steps.size(),
                         p.trace->steps.size() == 1 ? "" : "s");
    case Verdict::NoViolationFound:
    case Verdict::NotReached:
      return fmt::format("{} ({} states, {:.3f} s; --bitstate, expected coverage {:.4f} %)", verdict,
                         grouped(stats.states), stats.seconds, 100 * stats.bitstate_coverage);
    case Verdict::Unknown:
      if (stats.complete && !p.notes.empty()) return fmt::format("{} ({})", verdict, p.notes.front());
      return fmt::format("{} (stopped by {} after {} states)", verdict, flag_of(stats.stopped_by),
                         grouped(stats.states));
  }
  return verdict;
}

std::string query_name(const PropertyOutcome& q) { return "reach " + q.name; }

}  // namespace

void print_trace(std::ostream& out, const std::string& title, const checker::PropertyOutcome& p,
                 model::ChannelKind kind) {
  const char* what = p.verdict == Verdict::Reachable ? "witness"
                     : p.trace->cycle_start                ? "lasso counterexample"
                                                           : "counterexample";
  fmt::print(out, "\n== {}: {} — {} ({} step{})\n", title, checker::verdict_name(p.verdict), what,
             p.trace->steps.size(), p.trace->steps.size() == 1 ? "" : "s");
  if (p.verdict == Verdict::Violated) fmt::print(out, "cause: {}\n", checker::describe_cause(*p.trace));
  print_trace_table(out, *p.trace, kind);
  fmt::print(out, "\n");
  print_msc(out, *p.trace);
  if (!p.notes.empty()) {
    fmt::print(out, "\nwhy the cycle is fair, and what it may ignore:\n");
    for (const auto& note : p.notes) fmt::print(out, "  - {}\n", note);
  }
}

nlohmann::json outcome_json(const checker::PropertyOutcome& p, std::string_view engine, model::ChannelKind kind) {
  nlohmann::json j = {{"name", p.name}, {"verdict", checker::verdict_name(p.verdict)}, {"engine", engine}};
  j["steps"] = p.trace ? nlohmann::json(p.trace->steps.size()) : nlohmann::json(nullptr);
  j["trace"] = p.trace ? steps_to_json(*p.trace, kind) : nlohmann::json(nullptr);
  j["initial"] = p.trace ? to_json(p.trace->initial, kind) : nlohmann::json(nullptr);
  j["cycle_start"] = p.trace && p.trace->cycle_start ? nlohmann::json(*p.trace->cycle_start) : nlohmann::json(nullptr);
  j["notes"] = p.notes;
  j["cause"] = p.trace && p.verdict == Verdict::Violated ? nlohmann::json(checker::describe_cause(*p.trace))
                                                         : nlohmann::json(nullptr);
  return j;
}

std::string grouped(std::uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string human_bytes(std::uint64_t bytes) {
  if (bytes >= (1ull << 30)) return fmt::format("{:.1f} GiB", bytes / double(1ull << 30));
  if (bytes >= (1ull << 20)) return fmt::format("{:.1f} MiB", bytes / double(1ull << 20));
  return fmt::format("{:.1f} KiB", bytes / 1024.0);
}

void print_check_text(std::ostream& out, const model::ModelConfig& config,
                      const checker::SafetyReport& report) {
  const auto& st = report.stats;
  const std::string diff = flags_text(config);
  fmt::print(out, "model: {}\n", diff.empty() ? "MODEL.md defaults" : diff);
  fmt::print(out, "explored {} states, {} transitions, depth {}, {} deadlocks in {:.3f} s "
                  "({} states/s, peak memory {}; a state packs into {} bits)\n",
             grouped(st.states), grouped(st.transitions), st.depth, grouped(st.deadlocks),
             st.seconds, grouped(static_cast<std::uint64_t>(st.states_per_second())),
             human_bytes(st.peak_rss_bytes), st.packed_bits);
  if (st.ranks > 1)
    fmt::print(out, "distributed over {} MPI ranks: {} rounds, {} states sent between ranks; memory is the "
                    "ranks' peaks added\n", st.ranks, grouped(st.rounds), grouped(st.sent_states));
  if (report.product_nodes > 0 || !report.liveness_stopped_by.empty())
    fmt::print(out, "liveness: {} product nodes in {:.3f} s; the whole run: {:.3f} s, peak memory {}\n",
               grouped(report.product_nodes), report.liveness_seconds, report.process_seconds,
               human_bytes(report.process_peak_rss_bytes));
  if (st.spilled_bytes > 0)
    fmt::print(out, "compressed: {} of expanded states went to a temporary file\n",
               human_bytes(st.spilled_bytes));
  if (!st.complete)
    fmt::print(out, "stopped by {}: the exploration is incomplete, unviolated properties are "
                    "unknown\n", flag_of(st.stopped_by));
  if (!report.liveness_stopped_by.empty())
    fmt::print(out, "stopped by {} in the liveness phase: the temporal properties it stopped are "
                    "unknown\n", flag_of(report.liveness_stopped_by));
  if (st.full_channel_sends > 0)
    fmt::print(out, "warning: {} sends met a full channel (capacity {}): the verdicts hold only "
                    "up to this capacity\n", grouped(st.full_channel_sends), config.capacity);
  std::size_t width = 20;
  for (const auto& p : report.properties) width = std::max(width, p.name.size() + 2);
  for (const auto& q : report.queries) width = std::max(width, query_name(q).size() + 2);
  fmt::print(out, "\n");
  for (const auto& p : report.properties)
    fmt::print(out, "{:<{}} {}\n", p.name, width, line_of(p, st));
  for (const auto& q : report.queries)
    fmt::print(out, "{:<{}} {}\n", query_name(q), width, line_of(q, st));
  for (const auto& p : report.properties)
    if (p.trace) print_trace(out, p.name, p, config.channel);
  for (const auto& q : report.queries)
    if (q.trace) print_trace(out, query_name(q), q, config.channel);
}

nlohmann::json check_json(const model::ModelConfig& config, const checker::SafetyReport& report) {
  const auto& st = report.stats;
  nlohmann::json j = json_document("check", config);
  // "seconds" and "peak_rss_bytes" are the process's, as in every subcommand's stats; the
  // exploration's own figures have their own names.
  j["stats"] = {{"seconds", report.process_seconds},
                {"peak_rss_bytes", report.process_peak_rss_bytes},
                {"states", st.states},
                {"transitions", st.transitions},
                {"depth", st.depth},
                {"deadlocks", st.deadlocks},
                {"full_channel_sends", st.full_channel_sends},
                {"exploration_seconds", st.seconds},
                {"states_per_second", st.states_per_second()},
                {"exploration_peak_rss_bytes", st.peak_rss_bytes},
                {"store_bytes", st.store_bytes},
                {"packed_state_bits", st.packed_bits},
                {"packed_state_bytes", st.packed_bytes},
                {"threads", st.threads},
                {"ranks", st.ranks},
                {"rounds", st.rounds},
                {"sent_states", st.sent_states},
                {"spilled_bytes", st.spilled_bytes},
                {"bitstate_bytes", st.bitstate_bytes},
                {"expected_coverage", st.bitstate_bytes > 0 ? nlohmann::json(st.bitstate_coverage) : nlohmann::json(nullptr)},
                {"complete", st.complete},
                {"stopped_by", st.complete ? nlohmann::json(nullptr) : nlohmann::json(flag_of(st.stopped_by))},
                {"liveness_seconds", report.liveness_seconds},
                {"product_nodes", report.product_nodes},
                {"liveness_stopped_by", report.liveness_stopped_by.empty()
                                            ? nlohmann::json(nullptr)
                                            : nlohmann::json(flag_of(report.liveness_stopped_by))}};
  j["properties"] = nlohmann::json::array();
  for (const auto& p : report.properties) j["properties"].push_back(outcome_json(p, "explicit", config.channel));
  j["queries"] = nlohmann::json::array();
  for (const auto& q : report.queries) j["queries"].push_back(outcome_json(q, "explicit", config.channel));
  return j;
}

nlohmann::json trace_file_json(std::string_view command, const model::ModelConfig& config,
                               const checker::SafetyReport& report,
                               const std::vector<properties::PropertySpec>& specs) {
  nlohmann::json j = trace_file_document(command, config);
  auto add = [&](const PropertyOutcome& p, const char* kind) {
    if (!p.trace) return;
    nlohmann::json t = {{"kind", kind}, {"name", p.name}, {"verdict", checker::verdict_name(p.verdict)}};
    // Replay re-reads the property from where it came from, to re-check the claim.
    for (const auto& spec : specs)
      if (spec.name == p.name && spec.source != "built-in" &&
          spec.source.find(properties::library_directory()) != 0)
        t["source"] = std::filesystem::absolute(spec.source).string();
    t["initial"] = to_json(p.trace->initial, config.channel);
    t["steps"] = steps_to_json(*p.trace, config.channel);
    t["cycle_start"] = p.trace->cycle_start ? nlohmann::json(*p.trace->cycle_start) : nlohmann::json(nullptr);
    j["traces"].push_back(t);
  };
  for (std::size_t i = 0; i < report.properties.size(); ++i)
    add(report.properties[i], specs[i].kind == properties::ClaimKind::Reachable ? "query" : "property");
  for (const auto& q : report.queries) add(q, "query");
  return j;
}

int check_exit_code(const checker::SafetyReport& report) {
  bool unknown = !report.stats.complete;
  for (const auto& p : report.properties) {
    if (p.verdict == Verdict::Violated) return 1;
    unknown = unknown || p.verdict == Verdict::Unknown || p.verdict == Verdict::NoViolationFound;
  }
  for (const auto& q : report.queries)
    unknown = unknown || q.verdict == Verdict::Unknown || q.verdict == Verdict::NotReached;
  return unknown ? 3 : 0;
}

}  // namespace finwait::cli
