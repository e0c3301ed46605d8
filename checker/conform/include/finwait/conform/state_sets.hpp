// TRACES.md's algorithm: the set of model states consistent with the letters seen so far,
// closed under silent steps, with sets interned and (set, letter) -> set memoised, so that a
// connection holds one small id and a packet costs one table lookup.
//
// States are the model's own; steps are SystemSemantics' step function (the reflected
// Boost.MSM table): this file holds no rule of its own.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "finwait/conform/letters.hpp"
#include "finwait/model/successors.hpp"

namespace finwait::conform {

using SetId = std::uint32_t;
inline constexpr SetId kEmptySet = 0;  // no run explains the letters: the letter was bad

// Which endpoint a transition's send is observed from (the actor of an application or timer
// step, the receiver of a delivery); nothing for a silent step.
std::optional<Observation> observed_send(const model::Transition& t);

// MODEL.md's state tuple as bytes: equal exactly when the states are equal.
std::string state_key(const model::SystemState& s);

class StateSets {
 public:
  explicit StateSets(const model::SystemSemantics& sys);

  SetId initial() const { return m_initial; }
  // The set after `letter`, from a set closed under silent steps (itself closed).
  SetId after(SetId set, const Observation& letter);

  const std::vector<std::uint32_t>& members(SetId set) const { return m_sets[set]; }
  const model::SystemState& state(std::uint32_t id) const { return m_states[id]; }
  std::size_t set_count() const { return m_sets.size(); }
  std::size_t state_count() const { return m_states.size(); }
  const model::SystemSemantics& semantics() const { return m_sys; }

 private:
  struct Edge {
    std::uint32_t next;
    std::int8_t from = -1;  // observing Party, -1 for a silent step
    std::int8_t letter = -1;
  };
  std::uint32_t intern_state(const model::SystemState& s);
  const std::vector<Edge>& edges(std::uint32_t state);
  SetId intern_set(std::vector<std::uint32_t> members);
  std::vector<std::uint32_t> silent_closure(std::vector<std::uint32_t> seeds);

  const model::SystemSemantics& m_sys;
  std::vector<model::SystemState> m_states;
  std::unordered_map<std::string, std::uint32_t> m_state_ids;  // keyed by the state's bytes
  std::vector<std::vector<Edge>> m_edges;
  std::vector<bool> m_edges_known;
  std::vector<std::vector<std::uint32_t>> m_sets;  // sorted, closed under silent steps
  std::unordered_map<std::string, SetId> m_set_ids;  // keyed by the members' bytes
  // memo[set][party * 4 + letter]: -1 until computed
  std::vector<std::array<std::int64_t, 8>> m_memo;
  SetId m_initial = kEmptySet;
};

}  // namespace finwait::conform
