// Text and JSON reports of `finwait conform`.
#include "conform_report.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <algorithm>
#include <array>
#include <map>

#include "check_report.hpp"
#include "json_document.hpp"
#include "trace_json.hpp"

namespace finwait::cli {
namespace {

using conform::Connection;
using conform::FileReport;
using model::Party;
using nlohmann::json;

// The first skipped records by number, so that the user can look at them in Wireshark.
json listed_skips_json(const conform::SkipCounts& skipped) {
  json list = json::array();
  for (const conform::SkippedPacket& p : skipped.listed)
    list.push_back({{"packet", p.packet}, {"reason", conform::to_string(p.reason)}});
  return list;
}

void print_listed_skips(std::ostream& out, const conform::SkipCounts& skipped) {
  constexpr std::size_t kShown = 10;
  if (skipped.listed.empty()) return;
  fmt::print(out, "skipped packet{}:", skipped.total() == 1 ? "" : "s");
  const std::size_t shown = std::min(kShown, skipped.listed.size());
  for (std::size_t i = 0; i < shown; ++i)
    fmt::print(out, "{} {} ({})", i == 0 ? "" : ",", skipped.listed[i].packet,
               conform::to_string(skipped.listed[i].reason));
  if (skipped.total() > shown)
    fmt::print(out, "; {} more (--json lists the first {})", grouped(skipped.total() - shown),
               conform::kListedSkips);
  fmt::print(out, "\n");
}

std::string final_states(conform::StateSets& sets, const Connection& c) {
  if (c.bad) return "-";
  return conform::states_of(sets, c.set, Party::A) + " | " + conform::states_of(sets, c.set, Party::B);
}

std::string changes_text(const std::vector<std::pair<std::string, std::string>>& changes) {
  std::string out;
  for (const auto& [name, value] : changes) {
    std::string flag = name;
    std::replace(flag.begin(), flag.end(), '_', '-');
    out += (out.empty() ? "" : ", or ") + ("--" + flag + " " + value);
  }
  return out;
}

// Non-conforming connections first (by first bad packet), then the rest in capture order.
std::vector<const Connection*> table_order(const FileReport& r) {
  std::vector<const Connection*> out;
  for (const Connection& c : r.connections) out.push_back(&c);
  std::stable_sort(out.begin(), out.end(), [](const Connection* x, const Connection* y) {
    if (x->conforms() != y->conforms()) return !x->conforms();
    if (!x->conforms()) return x->bad->packet < y->bad->packet;
    return false;
  });
  return out;
}

void print_table(std::ostream& out, conform::ConformanceChecker& checker, const FileReport& r,
                 const TableLimits& limits) {
  const auto rows = table_order(r);
  std::vector<std::array<std::string, 6>> cells;
  std::size_t shown_ok = 0, shown_bad = 0, hidden_ok = 0, hidden_bad = 0;
  for (const Connection* c : rows) {
    if (c->conforms() ? shown_ok++ >= limits.good : shown_bad++ >= limits.bad) {
      ++(c->conforms() ? hidden_ok : hidden_bad);
      continue;
    }
    cells.push_back({to_string(c->a), to_string(c->b), grouped(c->packets),
                     conform::letters_text(*c), final_states(checker.sets(), *c),
                     c->conforms() ? "conforms" : "BAD at packet " + std::to_string(c->bad->packet)});
  }
  const std::array<std::string, 6> head = {"client (A)", "server (B)", "packets", "letters",
                                           "model states at end (A | B)", "verdict"};
  std::array<std::size_t, 6> width{};
  for (std::size_t k = 0; k < 6; ++k) {
    width[k] = head[k].size();
    for (const auto& row : cells) width[k] = std::max(width[k], row[k].size());
  }
  auto line = [&](const std::array<std::string, 6>& row) {
    fmt::print(out, "  {:<{}}  {:<{}}  {:>{}}  {:<{}}  {:<{}}  {}\n", row[0], width[0], row[1],
               width[1], row[2], width[2], row[3], width[3], row[4], width[4], row[5]);
  };
  line(head);
  for (const auto& row : cells) line(row);
  if (hidden_ok + hidden_bad > 0)
    fmt::print(out, "  ... and {} more non-conforming and {} more conforming connections (--all "
                    "lists every one)\n",
               grouped(hidden_bad), grouped(hidden_ok));
}

// Each distinct reason once, in order of first bad packet, with the other connections that
// fail alike counted (a capture of one misbehaving stack fails thousands of times the same way).
void print_reasons(std::ostream& out, conform::ConformanceChecker& checker, const FileReport& r) {
  struct Group {
    const Connection* first;
    std::vector<std::uint64_t> others;  // their first bad packets
  };
  std::vector<Group> groups;
  std::map<std::string, std::size_t> by_reason;
  for (const Connection* c : table_order(r)) {
    if (c->conforms()) break;
    auto [it, fresh] = by_reason.try_emplace(conform::reason_kind(*c, checker.sets()), groups.size());
    if (fresh) groups.push_back({c, {}});
    else groups[it->second].others.push_back(c->bad->packet);
  }
  constexpr std::size_t kShownGroups = 10, kShownPackets = 8;
  for (std::size_t g = 0; g < groups.size() && g < kShownGroups; ++g) {
    const Group& group = groups[g];
    fmt::print(out, "packet {}: {}\n", group.first->bad->packet, conform::explain(*group.first, checker.sets()));
    const auto changes = conform::explaining_changes(checker.config(), *group.first);
    if (!changes.empty()) fmt::print(out, "  (it would be explained with {})\n", changes_text(changes));
    if (group.others.empty()) continue;
    std::string packets;
    for (std::size_t i = 0; i < group.others.size() && i < kShownPackets; ++i)
      packets += (i ? ", " : "") + std::to_string(group.others[i]);
    if (group.others.size() > kShownPackets) packets += ", ...";
    fmt::print(out, "  and {} more connections alike (first bad packets {})\n",
               grouped(group.others.size()), packets);
  }
  if (groups.size() > kShownGroups)
    fmt::print(out, "... and {} more kinds of failure (see the table or --json)\n",
               grouped(groups.size() - kShownGroups));
}

json file_json(conform::ConformanceChecker& checker, const FileReport& r) {
  json bad = json::array();
  for (const Connection* c : table_order(r)) {
    if (c->conforms()) break;
    json changes = json::array();
    for (const auto& [name, value] : conform::explaining_changes(checker.config(), *c))
      changes.push_back({{"parameter", name}, {"value", value}});
    bad.push_back({{"client", to_string(c->a)},
                   {"server", to_string(c->b)},
                   {"incarnation", c->incarnation},
                   {"first_bad_packet", c->bad->packet},
                   {"kind", c->bad->letter ? "letter" : "sequence"},
                   {"letter", c->bad->letter ? json(model::name(c->bad->letter->letter)) : json(nullptr)},
                   {"from", c->bad->letter ? json(model::name(c->bad->letter->from)) : json(nullptr)},
                   {"client_states", conform::states_of(checker.sets(), c->bad->before, Party::A)},
                   {"server_states", conform::states_of(checker.sets(), c->bad->before, Party::B)},
                   {"reason", conform::explain(*c, checker.sets())},
                   {"explained_with", changes}});
  }
  return {{"file", r.path},
          {"packets", r.packets},
          {"tcp_segments", r.tcp_segments},
          {"connections", r.connections.size()},
          {"skipped", {{"total", r.skipped.total()}, {"not_tcp", r.skipped.not_tcp},
                       {"fragments", r.skipped.fragments}, {"truncated", r.skipped.truncated},
                       {"packets", listed_skips_json(r.skipped)}}},
          {"filtered", r.skipped.filtered},
          {"conforming", r.nonconforming == 0},
          {"first_bad_packet", r.first_bad_packet ? json(*r.first_bad_packet) : json(nullptr)},
          {"nonconforming_connections", r.nonconforming},
          {"bad", bad}};
}

}  // namespace

void print_file(std::ostream& out, conform::ConformanceChecker& checker, const FileReport& r,
                const TableLimits& limits) {
  const auto& sk = r.skipped;
  fmt::print(out, "{}: {} packets, {} TCP segments in {} connection{}", r.path, grouped(r.packets),
             grouped(r.tcp_segments), grouped(r.connections.size()),
             r.connections.size() == 1 ? "" : "s");
  if (sk.total() > 0)
    fmt::print(out, "; skipped {} ({} not TCP, {} fragments, {} truncated)", grouped(sk.total()),
               grouped(sk.not_tcp), grouped(sk.fragments), grouped(sk.truncated));
  if (sk.filtered > 0) fmt::print(out, "; {} left out by the filter", grouped(sk.filtered));
  fmt::print(out, "\n");
  print_listed_skips(out, sk);
  if (r.nonconforming == 0) {
    fmt::print(out, "verdict: conforms: a run of the model explains every connection\n\n");
  } else {
    fmt::print(out, "verdict: DOES NOT CONFORM: {} of {} connections; first bad packet {}\n\n",
               grouped(r.nonconforming), grouped(r.connections.size()), *r.first_bad_packet);
    print_reasons(out, checker, r);
    fmt::print(out, "\n");
  }
  print_table(out, checker, r, limits);
}

// One object for all files: totals at the top (first_bad_packet from the first file that has
// one), and each file's own object under "files".
nlohmann::json report_json(conform::ConformanceChecker& checker, const std::vector<FileReport>& reports) {
  json files = json::array(), bad = json::array();
  std::uint64_t packets = 0, connections = 0, skipped = 0, filtered = 0, nonconforming = 0;
  json first_bad = nullptr;
  for (const FileReport& r : reports) {
    json f = file_json(checker, r);
    packets += r.packets;
    connections += r.connections.size();
    skipped += r.skipped.total();
    filtered += r.skipped.filtered;
    nonconforming += r.nonconforming;
    if (first_bad.is_null() && r.first_bad_packet) first_bad = *r.first_bad_packet;
    for (json b : f["bad"]) {
      b["file"] = r.path;
      bad.push_back(b);
    }
    files.push_back(std::move(f));
  }
  json j = json_document("conform", checker.config());
  j.update({{"packets", packets},
          {"connections", connections},
          {"skipped", skipped},
          {"filtered", filtered},
          {"conforming", nonconforming == 0},
          {"first_bad_packet", first_bad},
          {"nonconforming_connections", nonconforming},
          {"bad", bad},
          {"files", files}});
  return j;
}

}  // namespace finwait::cli
