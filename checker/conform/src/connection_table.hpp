// 4-tuple -> connection index, as a flat open-addressing table: one probe into an array of
// 8-byte slots, then the connection's own record to confirm the match. A capture of 100,000
// connections is far larger than the cache, so each packet should touch as few lines as
// possible (std::unordered_map costs a node and a bucket miss on top).
#pragma once

#include <cstdint>
#include <cstring>
#include <vector>

#include "finwait/conform/huge_pages.hpp"
#include "finwait/conform/tcp_segment.hpp"
#include "finwait/model/hash_mix.hpp"

namespace finwait::conform::detail {

// Equality of socket addresses in a few word compares (the defaulted operator== calls memcmp).
inline bool same_address(const SocketAddress& x, const SocketAddress& y) {
  std::uint64_t x0, x1, y0, y1;
  std::memcpy(&x0, x.ip.bytes.data(), 8);
  std::memcpy(&x1, x.ip.bytes.data() + 8, 8);
  std::memcpy(&y0, y.ip.bytes.data(), 8);
  std::memcpy(&y1, y.ip.bytes.data() + 8, 8);
  return x0 == y0 && x1 == y1 && x.port == y.port && x.ip.v6 == y.ip.v6;
}

using model::mix64;

inline std::uint64_t endpoint_hash(const SocketAddress& a) {
  std::uint64_t w0, w1;
  std::memcpy(&w0, a.ip.bytes.data(), 8);
  std::memcpy(&w1, a.ip.bytes.data() + 8, 8);
  return mix64(w0 ^ mix64(w1 ^ (static_cast<std::uint64_t>(a.port) << 1 | (a.ip.v6 ? 1 : 0))));
}

// A hash of the unordered pair {a, b}: the same for both directions of a connection (a sum
// is symmetric). Inline: it runs once per packet.
inline std::uint64_t tuple_hash(const SocketAddress& a, const SocketAddress& b) {
  return mix64(endpoint_hash(a) + endpoint_hash(b));
}

class ConnectionTable {
 public:
  ConnectionTable() : m_slots(1024) {}

  // The index stored for `hash` whose connection `same(index)` accepts, or -1.
  template <class Same>
  std::int64_t find(std::uint64_t hash, Same&& same) const {
    const std::uint32_t tag = tag_of(hash);
    for (std::size_t i = hash & mask();; i = (i + 1) & mask()) {
      const Slot& s = m_slots[i];
      if (s.index_plus_one == 0) return -1;
      if (s.tag == tag && same(s.index_plus_one - 1)) return s.index_plus_one - 1;
    }
  }

  // Points the 4-tuple of `hash` (found by `same`) at `index`, adding it if it is new.
  // `hash_of(index)` recomputes a stored connection's hash when the table grows.
  template <class Same, class HashOf>
  void assign(std::uint64_t hash, Same&& same, std::uint32_t index, HashOf&& hash_of) {
    if (2 * (m_used + 1) > m_slots.size()) grow(hash_of);
    const std::uint32_t tag = tag_of(hash);
    for (std::size_t i = hash & mask();; i = (i + 1) & mask()) {
      Slot& s = m_slots[i];
      if (s.index_plus_one == 0) {
        s = Slot{tag, index + 1};
        ++m_used;
        return;
      }
      if (s.tag == tag && same(s.index_plus_one - 1)) {
        s.index_plus_one = index + 1;  // a new incarnation of the same 4-tuple
        return;
      }
    }
  }

 private:
  struct Slot {
    std::uint32_t tag = 0;
    std::uint32_t index_plus_one = 0;  // 0: empty
  };
  static std::uint32_t tag_of(std::uint64_t hash) { return static_cast<std::uint32_t>(hash >> 32); }
  std::size_t mask() const { return m_slots.size() - 1; }

  template <class HashOf>
  void grow(HashOf& hash_of) {
    std::vector<Slot, HugePageAllocator<Slot>> old(m_slots.size() * 2);
    old.swap(m_slots);
    for (const Slot& s : old) {
      if (s.index_plus_one == 0) continue;
      const std::uint64_t h = hash_of(s.index_plus_one - 1);
      std::size_t i = h & mask();
      while (m_slots[i].index_plus_one != 0) i = (i + 1) & mask();
      m_slots[i] = s;
    }
  }

  std::vector<Slot, HugePageAllocator<Slot>> m_slots;
  std::size_t m_used = 0;
};

}  // namespace finwait::conform::detail
