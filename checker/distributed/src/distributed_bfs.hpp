// Breadth-first search over the ranks of an MPI job: each rank owns the states whose hash
// falls to it and expands only those.
#pragma once

#include <chrono>
#include <cstdint>
#include <exception>
#include <string>
#include <vector>

#include "finwait/checker/compact_state_set.hpp"
#include "finwait/checker/exploration.hpp"
#include "finwait/checker/packed_state_array.hpp"
#include "finwait/checker/packed_successors.hpp"
#include "finwait/checker/safety_observer.hpp"
#include "rank_exchange.hpp"

namespace finwait::checker::distributed {

// Design. A state belongs to rank owner(state) (a hash of the packed word, spread over the
// ranks); only its owner stores it, in a CompactStateSet and a PackedStateArray of its own.
// The search goes one BFS layer at a time, and a layer in rounds: in each round every rank
// expands up to kRoundStates states of its part of the layer, sends each successor to its
// owner (one MPI_Alltoallv), and inserts what it received; the new states form its part of
// the next layer. A round starts with one MPI_Allreduce of counters, which tells every rank
// the same thing at once: whether the layer is done, whether the search is, whether a limit
// or an error on any rank ends it, and the totals for progress.
//
// Canonical order. When a layer is complete each rank sorts its new states by packed value
// before storing and showing them to the observer, and expands them in that order. A rank's
// observer therefore meets, for each property, the least hit in the order (trace length,
// packed state, successor index); the least over the ranks is then the same hit whatever the
// number of ranks. (It is a shortest counterexample, like the sequential search's, but not
// always the same one: the sequential search takes the first in its own id order.)
class DistributedBfs {
 public:
  static constexpr std::size_t kRoundStates = 32768;  // per rank

  DistributedBfs(const model::SystemSemantics& sys, const model::StateLayout& layout,
                 ExplorationLimits limits, ProgressFn progress);

  static bool fits(const model::StateLayout& layout) {
    return layout.words() == 1 && CompactStateSet::kMaxKeyBits >= layout.bits();
  }

  // Collective. The returned statistics are the whole job's, the same on every rank.
  ExplorationStats run(SafetyObserver& observer);

  // Observers see ids from this rank's store, with 0 only for the initial state.
  std::uint64_t packed_of(StateId observer_id) const { return m_states[local_of(observer_id)]; }
  std::uint64_t depth_of(StateId observer_id) const;
  // States of depth <= d over all ranks.
  std::uint64_t states_through(std::uint64_t depth) const;

  // Collective: the packed states of a shortest path from the initial state to `target`, a
  // state of depth `depth`. At each layer the least predecessor (by packed value) is taken,
  // so every rank, and every number of ranks, gets the same path.
  std::vector<std::uint64_t> path_to(std::uint64_t target, std::uint64_t depth) const;

  const RankExchange& ranks() const { return m_ranks; }

 private:
  // Counters every rank adds to the round's MPI_Allreduce.
  enum Status : std::size_t {
    kToExpand, kNextLayer, kFailed, kOverTime, kOverMemory, kOverStore, kStored, kTransitions, kMemory,
    kStatusFields
  };

  unsigned owner(std::uint64_t packed) const;
  std::size_t local_of(StateId observer_id) const { return observer_id - m_id_shift; }
  StateId observer_id(std::size_t local) const { return static_cast<StateId>(local + m_id_shift); }
  template <class F>
  void guarded(F&& phase);
  void rethrow_failure();
  void close_layer(SafetyObserver& observer);
  void expand_round(SafetyObserver& observer);
  void insert_received();
  bool limit_reached(const std::vector<std::uint64_t>& status);
  void report_progress(const std::vector<std::uint64_t>& status);

  const model::SystemSemantics& m_sys;
  const model::StateLayout& m_layout;
  PackedSuccessors<1> m_successors;
  ExplorationLimits m_limits;
  ProgressFn m_progress;
  RankExchange m_ranks;
  CompactStateSet m_set;
  PackedStateArray m_states;
  std::vector<std::uint64_t> m_next;  // this rank's part of the next layer, unsorted
  std::vector<std::vector<std::uint64_t>> m_outboxes;
  std::vector<std::uint64_t> m_inbox;
  std::vector<std::size_t> m_layer_starts;     // local id of each depth's first state
  std::vector<std::uint64_t> m_layer_sizes;    // states of each depth, over all ranks
  std::size_t m_cursor = 0, m_layer_end = 0;   // the current layer's unexpanded local states
  std::size_t m_id_shift = 1;                  // 0 on the rank that owns the initial state
  std::uint64_t m_transitions = 0, m_full_channel_sends = 0, m_deadlocks = 0;
  std::uint64_t m_rounds = 0, m_sent = 0;
  bool m_failed = false;
  std::exception_ptr m_error;
  ExplorationStats m_stats;
  std::chrono::steady_clock::time_point m_start;
  double m_next_progress = 1.0;
};

}  // namespace finwait::checker::distributed
