// What the explicit searches share about successors: packed generation, the view observers
// get, the sequential order of transitions, and shortest paths found again by layer scans.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "finwait/checker/state_store.hpp"
#include "finwait/model/packed_step_function.hpp"
#include "finwait/model/state_layout.hpp"
#include "finwait/model/successors.hpp"
#include "finwait/model/trace.hpp"

namespace finwait::checker {

// One successor of an expanded state, as the explorer hands it to observers. The full next
// state is decoded only if an observer asks for it (most transitions lead to states already
// seen, and most observers only need the step).
template <std::size_t W>
class SuccessorView {
 public:
  SuccessorView(const model::StateLayout& layout, const model::Step& step,
                const model::PackedState<W>& packed, std::int8_t sent, bool unexpected,
                bool lost_to_full_channel, std::uint64_t order)
      : m_layout(layout), m_step(step), m_packed(packed), m_sent(sent), m_unexpected(unexpected),
        m_lost(lost_to_full_channel), m_order(order) {}

  // The transition's place in the sequential search: transitions_order(from, k) for the k-th
  // successor of `from`. Parallel searches use it to pick the hit a sequential one would.
  std::uint64_t order() const { return m_order; }

  const model::Step& step() const { return m_step; }
  bool unexpected() const { return m_unexpected; }
  bool lost_to_full_channel() const { return m_lost; }
  const model::PackedState<W>& packed() const { return m_packed; }
  const model::SystemState& next_state() const {
    if (!m_next) m_next = m_layout.template unpack<W>(m_packed);
    return *m_next;
  }
  // As SystemSemantics describes it (for traces).
  model::Transition transition() const {
    model::Transition t;
    t.step = m_step;
    t.next = next_state();
    if (m_sent >= 0) t.sent = static_cast<model::Segment>(m_sent);
    t.unexpected = m_unexpected;
    t.lost_to_full_channel = m_lost;
    return t;
  }

 private:
  const model::StateLayout& m_layout;
  model::Step m_step;
  model::PackedState<W> m_packed;
  std::int8_t m_sent;
  bool m_unexpected, m_lost;
  std::uint64_t m_order;
  mutable std::optional<model::SystemState> m_next;
};

// Whether an observer wants to hear of the transitions of a state, or of one transition
// (it always hears of new states); `any_unexpected`: whether one of them is an unexpected
// step. Searches skip building the views of transitions nobody watches.
template <class Observer>
bool watches_transitions(const Observer& observer, bool any_unexpected) {
  if constexpr (requires { observer.watches_transitions(any_unexpected); })
    return observer.watches_transitions(any_unexpected);
  return true;
}

// Tells the observer of a new state; `decode()` gives it as a SystemState, which is made only
// if the observer watches states (most searches decide their state formulas early or have
// none, and decoding every new state cost a twentieth of a search).
template <class Observer, class Decode>
void report_new_state(Observer& observer, StateId id, std::uint64_t depth, Decode&& decode) {
  if constexpr (requires { observer.watches_states(); })
    if (!observer.watches_states()) {
      observer.on_unwatched_state();
      return;
    }
  observer.on_state(id, decode(), depth);
}

// Orders transitions as the sequential search meets them: by source, then successor index
// (a state has fewer than 256 successors). 0 is left for the initial state.
inline std::uint64_t transition_order(StateId from, std::size_t k) {
  return ((std::uint64_t{from} << 8) | k) + 1;
}
// k back from transition_order(from, k).
inline std::size_t successor_index(std::uint64_t order) { return static_cast<std::size_t>((order - 1) & 0xff); }

// The successors of a packed state: through PackedStepFunction's tables when the layout fits
// one word (the fast path), else by decoding and asking SystemSemantics. Both give the same
// successors in the same order.
template <std::size_t W>
class PackedSuccessors {
 public:
  PackedSuccessors(const model::SystemSemantics& sys, const model::StateLayout& layout)
      : m_sys(sys), m_layout(layout) {
    if constexpr (W == 1)
      if (model::PackedStepFunction::fits(layout))
        m_fast = std::make_unique<model::PackedStepFunction>(sys, layout);
  }

  // visit(step, packed next, sent, unexpected, lost_to_full_channel)
  template <class F>
  void for_each(const model::PackedState<W>& from, F&& visit) const {
    if constexpr (W == 1) {
      if (m_fast) {
        m_fast->for_each_successor(from[0], [&visit](const model::PackedTransition& t) {
          visit(t.step, model::PackedState<1>{t.next}, t.sent, t.unexpected, t.lost_to_full_channel);
        });
        return;
      }
    }
    m_sys.for_each_successor(m_layout.template unpack<W>(from), [&](const model::Transition& t) {
      const std::int8_t sent = t.sent ? static_cast<std::int8_t>(*t.sent) : std::int8_t{-1};
      visit(t.step, m_layout.template pack<W>(t.next), sent, t.unexpected, t.lost_to_full_channel);
    });
  }

 private:
  const model::SystemSemantics& m_sys;
  const model::StateLayout& m_layout;
  std::unique_ptr<model::PackedStepFunction> m_fast;
};

// A shortest path to `id` (initial state first) in a search that kept no parent links but
// stored states in BFS order with `layer_starts` (the first id of each depth). The parent a
// search with parent links records is the first state of the layer above whose expansion
// produced the state; scanning that layer in id order finds the same one.
template <std::size_t W, class StateAt>
std::vector<StateId> path_by_layers(const PackedSuccessors<W>& successors, StateAt state_at,
                                    const std::vector<StateId>& layer_starts, StateId id) {
  std::vector<StateId> path{id};
  auto layer = std::upper_bound(layer_starts.begin(), layer_starts.end(), id) - 1;
  for (; layer != layer_starts.begin(); --layer) {
    const model::PackedState<W> want = state_at(path.back());
    StateId found = kNoState;
    for (StateId p = *(layer - 1); p < *layer && found == kNoState; ++p)
      successors.for_each(state_at(p), [&](const model::Step&, const model::PackedState<W>& next,
                                            std::int8_t, bool, bool) {
        if (next == want) found = p;
      });
    path.push_back(found);
  }
  std::reverse(path.begin(), path.end());
  return path;
}

// The replayable trace along a path of state ids (each the successor of the one before).
template <std::size_t W, class StateAt>
model::Trace trace_along(const model::SystemSemantics& sys, const model::StateLayout& layout,
                         StateAt state_at, const std::vector<StateId>& path) {
  model::Trace trace;
  trace.initial = layout.template unpack<W>(state_at(path.front()));
  for (std::size_t i = 0; i + 1 < path.size(); ++i) {
    const model::SystemState from = layout.template unpack<W>(state_at(path[i]));
    const model::PackedState<W> want = state_at(path[i + 1]);
    bool found = false;
    sys.for_each_successor(from, [&](const model::Transition& t) {
      if (found || !(layout.template pack<W>(t.next) == want)) return;
      found = true;
      trace.steps.push_back({t.step, t.next, t.sent, t.unexpected, t.lost_to_full_channel});
    });
  }
  return trace;
}

}  // namespace finwait::checker
