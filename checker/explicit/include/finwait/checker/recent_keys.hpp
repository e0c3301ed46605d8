// A small direct-mapped memory of keys recently filed in a set, to answer "already stored"
// without the set's cache miss.
#pragma once

#include <cstdint>
#include <vector>

namespace finwait::checker {

// Breadth-first search reaches the same states again soon after: states of one layer share
// most of their successors (a packet delivered before or after the other side's step). On
// the bench models, a 2^14-entry memory of the last keys filed answers over half of all
// lookups, and it stays in the L2 cache while the visited set is far larger than the L3.
//
// The keys must identify states exactly (CompactStateSet's scramble is a bijection), so a key
// remembered here is a state the set holds: a hit is never a guess. A key is stored plus one
// so that an empty entry (0) matches no key.
class RecentKeys {
 public:
  static constexpr unsigned kLog2Entries = 14;

  RecentKeys() : m_entries(std::size_t{1} << kLog2Entries, 0) {}

  // True if `key` was remembered and not since displaced.
  bool contains(std::uint64_t key) const { return m_entries[index(key)] == key + 1; }
  // The set now holds `key`.
  void remember(std::uint64_t key) { m_entries[index(key)] = key + 1; }

 private:
  // The top bits of a product: they depend on every bit of the key.
  static std::size_t index(std::uint64_t key) {
    return static_cast<std::size_t>((key * 0xd6e8feb86659fd93ULL) >> (64 - kLog2Entries));
  }
  std::vector<std::uint64_t> m_entries;
};

}  // namespace finwait::checker
