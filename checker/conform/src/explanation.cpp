// Explanations of bad packets, summaries of letters and states, and option changes that
// would explain a connection.
#include <fmt/format.h>

#include <algorithm>

#include "finwait/conform/conformance.hpp"

namespace finwait::conform {

using model::Party;

namespace {

// "client (A)" when the handshake was captured (then A is the client), else just "A".
std::string role(const Connection& c, Party p) {
  if (!c.handshake_seen) return std::string(model::name(p));
  return fmt::format("{} ({})", p == Party::A ? "client" : "server", model::name(p));
}

}  // namespace

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

// What `p` could send next from the states of `set`, as "FINACK (close in CLOSE_WAIT)"
// phrases, one per letter and cause, naming the states it is possible in.
std::string possible_sends(StateSets& sets, SetId set, Party p) {
  std::vector<std::pair<std::string, std::uint32_t>> causes;  // "FINACK (close", state mask
  for (std::uint32_t s : sets.members(set))
    sets.semantics().for_each_successor(sets.state(s), [&](const model::Transition& t) {
      const auto o = observed_send(t);
      if (!o || o->from != p) return;
      const std::string how = t.step.kind == model::StepKind::Deliver
                                  ? "reply to " + std::string(model::name(t.step.letter))
                                  : model::kind_word(t.step.kind);
      const std::string cause = fmt::format("{} ({}", model::name(o->letter), how);
      auto it = std::find_if(causes.begin(), causes.end(), [&](const auto& c) { return c.first == cause; });
      if (it == causes.end()) it = causes.insert(causes.end(), {cause, 0});
      it->second |= 1u << static_cast<int>(sets.state(s).at(p).st);
    });
  if (causes.empty()) return "can send nothing";
  std::vector<std::string> phrases;
  for (const auto& [cause, mask] : causes) {
    std::string states;
    for (int st = 0; st < model::kTcpStateCount; ++st)
      if (mask & (1u << st))
        states += (states.empty() ? "" : " or ") + std::string(model::name(static_cast<model::TcpState>(st)));
    phrases.push_back(cause + " in " + states + ")");
  }
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
