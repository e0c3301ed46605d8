// CompactStateSet: the scramble, probing and shard growth.
#include "finwait/checker/compact_state_set.hpp"

#include <algorithm>
#include <bit>
#include <cassert>
#include <cstring>
#include <utility>

namespace finwait::checker {

CompactStateSet::CompactStateSet(StateKey key)
    : m_key(std::move(key)), m_key_bits(std::max(m_key.bits(), kMinKeyBits)),
      m_rest_bits(m_key_bits - kShardBits),
      m_mask(m_key_bits == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << m_key_bits) - 1) {
  assert(m_key.bits() <= kMaxKeyBits);
  // A remainder must fit in 24 bits: shards start with at least 2^(rest - 24) slots.
  const unsigned first_log2 = std::max(6u, m_rest_bits > 24 ? m_rest_bits - 24 : 0u);
  for (Shard& s : m_shards) s = make_shard(first_log2);
}

CompactStateSet::Shard CompactStateSet::make_shard(unsigned log2) const {
  Shard s;
  s.log2 = log2;
  const unsigned slot_bits = m_rest_bits - log2 + 8;  // remainder and distance
  s.width = std::max(2u, (slot_bits + 7) / 8);
  s.mask = s.width == 4 ? ~std::uint32_t{0} : (std::uint32_t{1} << (8 * s.width)) - 1;
  s.bytes.assign(s.slots() * s.width + 4, 0);
  return s;
}

bool CompactStateSet::insert(std::uint64_t scrambled) {
  Shard& s = m_shards[scrambled >> m_rest_bits];
  for (;;) {
    const std::size_t mask = s.slots() - 1;
    std::size_t i = home(s, scrambled);
    // The slot this key has at distance d from home is want + d.
    std::uint32_t want = (remainder(s, scrambled) << 8) | 1;
    if (s.width == 2 && probe_four(s, i, want)) return false;
    for (;;) {
      const std::uint32_t slot = s.load(i);
      if (slot == want) return false;
      if (slot == 0) break;
      i = (i + 1) & mask;
      if ((++want & 0xff) > kMaxDistance + 1) break;
    }
    if ((want & 0xff) <= kMaxDistance + 1) {
      s.store(i, want);
      if (++s.used * 8 > s.slots() * 7 && s.log2 < m_rest_bits) grow(s);
      return true;
    }
    grow(s);  // a cluster longer than a slot can say: rare, and only at high load
  }
}

namespace {
constexpr std::uint64_t kLow16 = 0x0001000100010001ULL, kHigh16 = 0x8000800080008000ULL;
// The 16-bit lanes of x that are 0, as their top bits; exact up to the lowest such lane
// (a borrow may mark lanes above it), and 0 if no lane is.
constexpr std::uint64_t zero_lanes(std::uint64_t x) { return (x - kLow16) & ~x & kHigh16; }
}  // namespace

// Most lookups end within a few slots of home, and most large shards have 2-byte slots: four
// slots are compared at once, in one 8-byte load, instead of one by one behind a branch each.
// A slot equal to want + d at home + d holds this very key (home, remainder and shard give
// the key back), so a match in any lane is a hit: with no deletions there is no empty slot
// between a key's home and its slot. Stops at the first empty lane (i, want then name it),
// and leaves the rest to the slot-by-slot loop near the shard's end or the largest distance.
bool CompactStateSet::probe_four(const Shard& s, std::size_t& i, std::uint32_t& want) const {
  const std::size_t mask = s.slots() - 1;
  while (i + 3 <= mask && (want & 0xff) + 3 <= kMaxDistance + 1) {
    std::uint64_t v;
    std::memcpy(&v, &s.bytes[i * 2], 8);
    // Lane d holds want + d: no carry leaves a lane, as the distance byte stays below 255.
    const std::uint64_t pattern = std::uint64_t{want} * kLow16 + 0x0003000200010000ULL;
    if (zero_lanes(v ^ pattern) != 0) return true;
    if (const std::uint64_t empty = zero_lanes(v); empty != 0) {
      const auto lane = static_cast<unsigned>(std::countr_zero(empty)) / 16;
      i += lane;
      want += lane;
      return false;
    }
    i = (i + 4) & mask;  // past the last slot, probing goes on at slot 0
    want += 4;
  }
  return false;
}

bool CompactStateSet::place(Shard& s, std::size_t home_slot, std::uint32_t rem) {
  const std::size_t mask = s.slots() - 1;
  std::size_t i = home_slot;
  std::uint32_t distance = 0;
  for (; s.load(i) != 0; i = (i + 1) & mask)
    if (++distance > kMaxDistance) return false;
  s.store(i, (rem << 8) | (distance + 1));
  return true;
}

void CompactStateSet::grow(Shard& s) {
  for (unsigned log2 = s.log2 + 1;; ++log2) {
    assert(log2 <= m_rest_bits);
    Shard bigger = make_shard(log2);
    bigger.used = s.used;
    const std::size_t mask = s.slots() - 1;
    const unsigned old_rem_bits = m_rest_bits - s.log2;
    bool placed_all = true;
    for (std::size_t i = 0; i < s.slots() && placed_all; ++i) {
      const std::uint32_t slot = s.load(i);
      if (slot == 0) continue;
      // (home, remainder) is the key's rest; read it back and file it in the bigger shard.
      const std::size_t old_home = (i - ((slot & 0xff) - 1)) & mask;
      const std::uint64_t r = (std::uint64_t{old_home} << old_rem_bits) | (slot >> 8);
      placed_all = place(bigger, static_cast<std::size_t>(r >> (m_rest_bits - log2)),
                         static_cast<std::uint32_t>(r & ((std::uint64_t{1} << (m_rest_bits - log2)) - 1)));
    }
    if (placed_all) {
      s = std::move(bigger);
      return;
    }
  }
}

std::size_t CompactStateSet::size() const {
  std::size_t n = 0;
  for (const Shard& s : m_shards) n += s.used;
  return n;
}

std::size_t CompactStateSet::bytes() const {
  std::size_t n = 0;
  for (const Shard& s : m_shards) n += s.bytes.capacity();
  return n;
}

}  // namespace finwait::checker
