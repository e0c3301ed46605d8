// Interned sets of model states and their memoised letter transitions.
#include "finwait/conform/state_sets.hpp"

#include <algorithm>
#include <cstring>

namespace finwait::conform {

using model::Party;
using model::StepKind;
using model::SystemState;
using model::Transition;

std::optional<Observation> observed_send(const Transition& t) {
  if (!t.sent) return std::nullopt;
  // A delivery's reply comes from the receiver; every other sending step is its actor's.
  const Party from = t.step.kind == StepKind::Deliver ? model::other(t.step.actor) : t.step.actor;
  return Observation{from, *t.sent};
}

namespace {

// A state's identity as bytes: endpoints and channel contents (fifo order or bag counts),
// which is exactly MODEL.md's state tuple.
}  // namespace

std::string state_key(const SystemState& s) {
  std::string key;
  key.reserve(24);
  for (const auto& e : s.endpoint) {
    key.push_back(static_cast<char>(e.st));
    key.push_back(static_cast<char>(e.retx));
    key.push_back(static_cast<char>(e.why));
  }
  for (const auto& ch : s.channel) {
    key.push_back(static_cast<char>(ch.size));
    for (auto c : ch.count) key.push_back(static_cast<char>(c));
    for (unsigned i = 0; i < ch.size; ++i) key.push_back(static_cast<char>(ch.seq[i]));
  }
  return key;
}

namespace {

std::string key_of(const std::vector<std::uint32_t>& members) {
  return std::string(reinterpret_cast<const char*>(members.data()),
                     members.size() * sizeof(std::uint32_t));
}

std::size_t slot(const Observation& o) {
  return static_cast<std::size_t>(o.from) * model::kSegmentCount + static_cast<std::size_t>(o.letter);
}

}  // namespace

StateSets::StateSets(const model::SystemSemantics& sys) : m_sys(sys) {
  m_sets.emplace_back();  // kEmptySet
  m_set_ids.emplace(std::string(), kEmptySet);
  m_memo.emplace_back();
  m_memo.back().fill(kEmptySet);
  m_initial = intern_set(silent_closure({intern_state(sys.initial())}));
}

std::uint32_t StateSets::intern_state(const SystemState& s) {
  auto [it, added] = m_state_ids.emplace(state_key(s), static_cast<std::uint32_t>(m_states.size()));
  if (added) {
    m_states.push_back(s);
    m_edges.emplace_back();
    m_edges_known.push_back(false);
  }
  return it->second;
}

const std::vector<StateSets::Edge>& StateSets::edges(std::uint32_t state) {
  if (!m_edges_known[state]) {
    std::vector<Edge> out;
    const SystemState s = m_states[state];  // interning below may reallocate m_states
    m_sys.for_each_successor(s, [&](const Transition& t) {
      Edge e{intern_state(t.next)};
      if (auto o = observed_send(t)) {
        e.from = static_cast<std::int8_t>(o->from);
        e.letter = static_cast<std::int8_t>(o->letter);
      }
      out.push_back(e);
    });
    m_edges[state] = std::move(out);
    m_edges_known[state] = true;
  }
  return m_edges[state];
}

std::vector<std::uint32_t> StateSets::silent_closure(std::vector<std::uint32_t> seeds) {
  std::vector<bool> seen(m_states.size());
  std::vector<std::uint32_t> out, work = std::move(seeds);
  while (!work.empty()) {
    const std::uint32_t s = work.back();
    work.pop_back();
    if (s < seen.size() && seen[s]) continue;
    if (s >= seen.size()) seen.resize(m_states.size());
    seen[s] = true;
    out.push_back(s);
    for (const Edge& e : edges(s)) {
      if (e.from >= 0) continue;
      if (e.next >= seen.size()) seen.resize(m_states.size());
      if (!seen[e.next]) work.push_back(e.next);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

SetId StateSets::intern_set(std::vector<std::uint32_t> members) {
  std::string key = key_of(members);
  auto it = m_set_ids.find(key);
  if (it != m_set_ids.end()) return it->second;
  const auto id = static_cast<SetId>(m_sets.size());
  m_set_ids.emplace(std::move(key), id);
  m_sets.push_back(std::move(members));
  m_memo.emplace_back();
  m_memo.back().fill(-1);
  return id;
}

SetId StateSets::after(SetId set, const Observation& letter) {
  const std::int64_t known = m_memo[set][slot(letter)];
  if (known >= 0) return static_cast<SetId>(known);
  std::vector<std::uint32_t> seeds;
  const std::vector<std::uint32_t> from = m_sets[set];  // interning may reallocate m_sets
  for (std::uint32_t s : from)
    for (const Edge& e : edges(s))
      if (e.from == static_cast<std::int8_t>(letter.from) &&
          e.letter == static_cast<std::int8_t>(letter.letter))
        seeds.push_back(e.next);
  const SetId out = seeds.empty() ? kEmptySet : intern_set(silent_closure(std::move(seeds)));
  m_memo[set][slot(letter)] = out;
  return out;
}

}  // namespace finwait::conform
