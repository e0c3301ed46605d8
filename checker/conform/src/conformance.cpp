// Connections, incarnations and the per-packet loop of `finwait conform`.
#include "finwait/conform/conformance.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <unordered_map>

namespace finwait::conform {

using model::Party;
using model::Segment;

namespace {

// The unordered 4-tuple, as a fixed-size key: the smaller socket address first.
struct TupleKey {
  SocketAddress lo, hi;
  bool operator==(const TupleKey&) const = default;
};

struct TupleHash {
  std::size_t operator()(const TupleKey& k) const {
    // FNV-1a over the bytes that make the key; addresses dominate, ports vary most.
    std::uint64_t h = 1469598103934665603ull;
    auto mix = [&h](const SocketAddress& a) {
      for (std::uint8_t byte : a.ip.bytes) h = (h ^ byte) * 1099511628211ull;
      h = (h ^ a.port) * 1099511628211ull;
      h = (h ^ static_cast<std::uint64_t>(a.ip.v6)) * 1099511628211ull;
    };
    mix(k.lo);
    mix(k.hi);
    return static_cast<std::size_t>(h ^ (h >> 29));
  }
};

TupleKey key_of(const TcpSegment& s) {
  return s.src < s.dst ? TupleKey{s.src, s.dst} : TupleKey{s.dst, s.src};
}

bool is_syn_only(const TcpSegment& s) {
  return (s.flags & tcp_flag::kSyn) && !(s.flags & tcp_flag::kAck);
}

std::uint8_t pack(const Observation& o) {
  return static_cast<std::uint8_t>((static_cast<int>(o.from) << 2) | static_cast<int>(o.letter));
}
Observation unpack(std::uint8_t b) {
  return Observation{static_cast<Party>(b >> 2), static_cast<Segment>(b & 3)};
}

// "client (A)" when the handshake was captured (then A is the client), else just "A".
std::string role(const Connection& c, Party p) {
  if (!c.handshake_seen) return std::string(model::name(p));
  return fmt::format("{} ({})", p == Party::A ? "client" : "server", model::name(p));
}

constexpr std::uint64_t kProgressEvery = 1u << 18;

}  // namespace

std::vector<Observation> Connection::kept_letters() const {
  std::vector<Observation> out;
  for (std::size_t i = 0; i < std::min<std::size_t>(letter_count, kKeptLetters); ++i)
    out.push_back(unpack(kept[i]));
  return out;
}

ConformanceChecker::ConformanceChecker(const model::ModelConfig& config)
    : m_config(config), m_sys(config), m_sets(m_sys) {}

FileReport ConformanceChecker::check_file(const std::string& path, const ConformOptions& options) {
  CaptureReader reader(path);
  FileReport report;
  report.path = path;
  std::unordered_map<TupleKey, std::uint32_t, TupleHash> current;  // 4-tuple -> incarnation
  std::unordered_map<std::size_t, std::size_t> witness_slot;       // connection -> index
  TcpSegment seg;
  std::uint64_t next_progress = kProgressEvery;
  while (reader.next(seg)) {
    ++report.tcp_segments;
    if (options.on_progress && reader.packets() >= next_progress) {
      next_progress += kProgressEvery;
      options.on_progress(Progress{path, reader.packets(), reader.bytes_read(), reader.file_size(),
                                   report.connections.size()});
    }
    const TupleKey key = key_of(seg);
    auto [it, added] = current.try_emplace(key, 0);
    bool start_new = added;
    if (!added && is_syn_only(seg)) {
      const Connection& c = report.connections[it->second];
      start_new = c.handshake_seen && seg.seq != c.first_syn_seq;  // a new incarnation
    }
    if (start_new) {
      Connection c;
      c.a = seg.src;
      c.b = seg.dst;
      c.first_packet = seg.packet;
      c.set = m_sets.initial();
      if (!added) c.incarnation = report.connections[it->second].incarnation + 1;
      it->second = static_cast<std::uint32_t>(report.connections.size());
      report.connections.push_back(c);
    }
    const std::size_t index = it->second;
    Connection& c = report.connections[index];
    if (is_syn_only(seg) && !c.handshake_seen) {
      c.handshake_seen = true;
      c.first_syn_seq = seg.seq;
      // TRACES.md: A is the sender of the first SYN-without-ACK. Roles are fixed at the
      // connection's first packet, so a SYN arriving later in a connection first seen
      // mid-stream keeps them (see docs/conform.md).
      if (c.packets == 0) {
        c.a = seg.src;
        c.b = seg.dst;
      }
    }
    ++c.packets;
    c.last_packet = seg.packet;
    if (c.bad) continue;  // its verdict is settled
    const Party from = seg.src == c.a ? Party::A : Party::B;
    const SegmentMeaning meaning = c.mapper.feed(from, seg);
    if (meaning.seq_violation) {
      c.bad = BadPacket{seg.packet, from, std::nullopt, c.set, *meaning.seq_violation};
    } else if (meaning.letter) {
      if (c.letter_count < Connection::kKeptLetters) c.kept[c.letter_count] = pack(*meaning.letter);
      ++c.letter_count;
      if (options.witness_client && c.a == *options.witness_client) {
        auto [slot, fresh] = witness_slot.try_emplace(index, report.witness_letters.size());
        if (fresh) report.witness_letters.push_back({index, {}});
        report.witness_letters[slot->second].second.push_back({*meaning.letter, seg.packet});
      }
      const SetId next = m_sets.after(c.set, *meaning.letter);
      if (next == kEmptySet)
        c.bad = BadPacket{seg.packet, from, meaning.letter, c.set, ""};
      else
        c.set = next;
    }
    if (c.bad) {
      ++report.nonconforming;
      if (!report.first_bad_packet || c.bad->packet < *report.first_bad_packet)
        report.first_bad_packet = c.bad->packet;
    }
  }
  report.packets = reader.packets();
  report.skipped = reader.skipped();
  return report;
}

std::string states_of(StateSets& sets, SetId set, Party p) {
  std::uint32_t mask = 0;
  for (std::uint32_t s : sets.members(set)) mask |= 1u << static_cast<int>(sets.state(s).at(p).st);
  std::string out;
  for (int st = 0; st < model::kTcpStateCount; ++st)
    if (mask & (1u << st)) {
      if (!out.empty()) out += ", ";
      out += model::name(static_cast<model::TcpState>(st));
    }
  return out;
}

std::string letters_text(const Connection& c) {
  std::string out;
  for (const Observation& o : c.kept_letters()) {
    if (!out.empty()) out += ' ';
    out += fmt::format("{}:{}", model::name(o.from), model::name(o.letter));
  }
  if (c.letter_count > Connection::kKeptLetters) out += " ...";
  return out.empty() ? "-" : out;
}

namespace {

// What `p` could send next from the states of `set`, as "FINACK (close)" phrases.
std::string possible_sends(StateSets& sets, SetId set, Party p) {
  std::vector<std::string> phrases;
  for (std::uint32_t s : sets.members(set))
    sets.semantics().for_each_successor(sets.state(s), [&](const model::Transition& t) {
      const auto o = observed_send(t);
      if (!o || o->from != p) return;
      const std::string how = t.step.kind == model::StepKind::Deliver
                                  ? "reply to " + std::string(model::name(t.step.letter))
                                  : model::kind_word(t.step.kind);
      const std::string phrase = fmt::format("{} ({} in {})", model::name(o->letter), how,
                                             model::name(sets.state(s).at(p).st));
      if (std::find(phrases.begin(), phrases.end(), phrase) == phrases.end())
        phrases.push_back(phrase);
    });
  if (phrases.empty()) return "can send nothing";
  std::string out = "could only send ";
  for (std::size_t i = 0; i < phrases.size(); ++i)
    out += (i == 0 ? "" : i + 1 == phrases.size() ? " or " : ", ") + phrases[i];
  return out;
}

}  // namespace

std::string reason_kind(const Connection& c, StateSets& sets) {
  if (!c.bad) return "";
  const BadPacket& bad = *c.bad;
  const Party p = bad.sender;
  if (!bad.letter)
    return fmt::format("no correct TCP sends this segment: from {}, {}", role(c, p), bad.seq_violation);
  return fmt::format(
      "no run of the model explains {} sending {}: just before it, {} ∈ {{{}}} and {} ∈ {{{}}}, "
      "where {} {}",
      role(c, p), model::name(bad.letter->letter), role(c, Party::A),
      states_of(sets, bad.before, Party::A), role(c, Party::B),
      states_of(sets, bad.before, Party::B), model::name(p), possible_sends(sets, bad.before, p));
}

std::string explain(const Connection& c, StateSets& sets) {
  if (!c.bad) return "";
  return fmt::format("connection {} -> {}: {}", to_string(c.a), to_string(c.b), reason_kind(c, sets));
}

std::vector<std::pair<std::string, std::string>> explaining_changes(
    const model::ModelConfig& config, const Connection& c) {
  std::vector<std::pair<std::string, std::string>> out;
  if (!c.bad || !c.bad->letter || c.letter_count > Connection::kKeptLetters) return out;
  const std::vector<Observation> letters = c.kept_letters();
  // Single changes a user is likely to mean; each is checked, none is assumed.
  const std::vector<std::pair<std::string, std::string>> changes = {
      {"abort", "on"}, {"delayed_ack", "on"}, {"fin_wait_2_timeout", "on"},
      {"retries", "inf"}, {"variant", "rfc1337"}, {"time_wait", "any"}};
  const auto current = model::describe(config);
  for (const auto& [name, value] : changes) {
    if (current.at(name) == value) continue;
    model::ModelConfig alt = config;
    model::set_parameter(alt, name, value, name);
    const model::SystemSemantics sys(alt);
    StateSets sets(sys);
    SetId set = sets.initial();
    for (const Observation& o : letters)
      if ((set = sets.after(set, o)) == kEmptySet) break;
    if (set != kEmptySet) out.emplace_back(name, value);
  }
  return out;
}

}  // namespace finwait::conform
