// The visited "set" of --bitstate: SPIN's supertrace, a bit array that may forget states.
#pragma once

#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

#include "finwait/checker/exploration.hpp"
#include "finwait/checker/packed_state_array.hpp"
#include "finwait/checker/state_store.hpp"

namespace finwait::checker {

// Each state sets kHashes bits of a 2^m-bit array (double hashing from one 64-bit hash). A
// state whose bits are all set already is taken as seen: when two states share their bits,
// the second is never explored, so the search may miss states, and so violations. Nothing
// found is therefore "no violation found", never "holds".
//
// Coverage, estimated as SPIN does: a new state inserted when a fraction f of the bits is
// set would have been mistaken for an old one with probability about f^kHashes; summing that
// over the insertions estimates how many states were lost. The estimate assumes the hash
// behaves as random, and does not count the states that lost ones would have led to.
//
// The states themselves spill to a temporary file as under --compress, so memory is the
// array plus the block of states being expanded.
class BitstateStore {
 public:
  static constexpr bool kKnowsOldIds = false;
  static constexpr unsigned kHashes = 3;
  using Packed = model::PackedState<1>;

  BitstateStore(const model::StateLayout& layout, const ExplorationLimits& limits)
      : m_states(layout.bits()) {
    std::uint64_t array_bits = 64;  // the largest power of two that fits the bytes given
    while (array_bits * 2 <= limits.bitstate_bytes * 8) array_bits *= 2;
    m_words.assign(array_bits / 64, 0);
    m_mask = array_bits - 1;
    m_states.enable_spilling();
  }

  std::uint64_t hash(const Packed& s) const { return model::mix64(s[0] ^ 0x9e3779b97f4a7c15ULL); }
  void prefetch(std::uint64_t h) const { __builtin_prefetch(&m_words[(h & m_mask) >> 6]); }
  void prefetch_candidate(std::uint64_t) const {}

  std::pair<StateId, bool> insert(const Packed& state, std::uint64_t h, StateId /*parent*/) {
    const std::uint64_t step = model::mix64(h) | 1;
    const double fill = static_cast<double>(m_set_bits) / static_cast<double>(m_mask + 1);
    bool is_new = false;
    for (unsigned i = 0; i < kHashes; ++i) {
      const std::uint64_t bit = (h + i * step) & m_mask;
      std::uint64_t& word = m_words[bit >> 6];
      const std::uint64_t m = std::uint64_t{1} << (bit & 63);
      if ((word & m) == 0) {
        word |= m;
        ++m_set_bits;
        is_new = true;
      }
    }
    if (!is_new) return {kNoState, false};
    m_expected_lost += std::pow(fill, kHashes);
    m_states.push_back(state[0]);
    return {static_cast<StateId>(m_states.size() - 1), true};
  }

  Packed state(StateId id) const { return {m_states[id]}; }
  std::size_t size() const { return m_states.size(); }
  std::size_t bytes() const { return m_words.size() * 8 + m_states.bytes(); }
  unsigned packed_bytes() const { return m_states.width(); }
  std::size_t spilled_bytes() const { return m_states.spilled_bytes(); }
  void keep_window(std::size_t lo, std::size_t hi) { m_states.keep_window(lo, hi); }

  void add_bitstate_stats(ExplorationStats& stats) const {
    stats.bitstate_bytes = m_words.size() * 8;
    const double found = static_cast<double>(m_states.size());
    stats.bitstate_coverage = found / (found + m_expected_lost);
  }

 private:
  std::vector<std::uint64_t> m_words;
  std::uint64_t m_mask = 0;
  std::uint64_t m_set_bits = 0;
  double m_expected_lost = 0;
  PackedStateArray m_states;
};

}  // namespace finwait::checker
