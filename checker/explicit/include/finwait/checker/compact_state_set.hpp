// An exact set of packed one-word states that stores only what a slot's position does not say.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <vector>

#include "finwait/checker/state_key.hpp"

namespace finwait::checker {

// Quotienting (Cleary's compact hash table, in a simpler form): a key of K bits is first
// scrambled by a bijection on K bits; its top 8 bits pick one of 256 shards, the next L bits
// (L = log2 of the shard's slot count) its home slot, and only the remaining K - 8 - L bits,
// the remainder, are stored, with the slot's distance from home (linear probing), in the
// fewest whole bytes that hold both: 2 to 4. Membership is exact (the scramble is a
// bijection, so (shard, home, remainder) gives the key back) and needs no second memory
// access: this is what makes a lookup one cache miss. As a shard doubles, its remainders lose
// a bit, so the slots of large shards are narrower: 32-bit keys in shards of 2^16 slots take
// 2 bytes a slot.
//
// Invariant: a slot is 0 when empty, else (remainder << 8) | (distance from home + 1), with
// distance <= kMaxDistance. Shards grow (double) at 7/8 load or when a probe would go further,
// one at a time, so growing never holds a second copy of the whole set. A shard with a slot
// for every key of its range (2^(K-8) slots, remainders of 0 bits) has each key at home and
// never grows again.
//
// Keys up to kMaxKeyBits bits; shorter keys are treated as kMinKeyBits bits.
class CompactStateSet {
 public:
  static constexpr unsigned kMaxKeyBits = 44;
  static constexpr unsigned kMinKeyBits = 16;  // so that a shard's first 2^6 slots fit

  // Keys as they are, of at most `key_bits` bits.
  explicit CompactStateSet(unsigned key_bits) : CompactStateSet(StateKey::identity(key_bits)) {}
  // Packed states, each filed under its StateKey (fewer bits for bag channels).
  explicit CompactStateSet(StateKey key);

  // The key's bijection: its top bits pick shard and slot, so it is also a good hash.
  // xorshift and multiplication by an odd constant are both bijections on K-bit words, so
  // their composition is one too. The product's top bits (shard and home slot) depend on
  // every bit of the key. Inline: it runs once per transition.
  [[gnu::always_inline]] std::uint64_t scramble(std::uint64_t packed) const {
    const std::uint64_t x = m_key(packed) & m_mask;
    return ((x ^ (x >> (m_key_bits / 2))) * 0x9e3779b97f4a7c15ULL) & m_mask;
  }

  void prefetch(std::uint64_t scrambled) const {
    const Shard& s = m_shards[scrambled >> m_rest_bits];
    __builtin_prefetch(&s.bytes[home(s, scrambled) * s.width]);
  }

  // True if the key (given scrambled) was not yet in the set; it is then added.
  bool insert(std::uint64_t scrambled);

  // Inserts packed(0), ..., packed(n - 1) in that order and calls on_new(i) for each that was
  // new. Slots are prefetched kAhead states ahead (about one memory latency), and each state
  // is scrambled once, when it is prefetched.
  template <class Packed, class OnNew>
  void insert_batch(std::size_t n, Packed&& packed, OnNew&& on_new) {
    constexpr std::size_t kAhead = 24, kRing = 32;
    static_assert(kRing > kAhead);
    std::array<std::uint64_t, kRing> ring;
    auto look_ahead = [&](std::size_t j) {
      ring[j % kRing] = scramble(packed(j));
      prefetch(ring[j % kRing]);
    };
    for (std::size_t j = 0; j < std::min(kAhead, n); ++j) look_ahead(j);
    for (std::size_t i = 0; i < n; ++i) {
      if (i + kAhead < n) look_ahead(i + kAhead);
      if (insert(ring[i % kRing])) on_new(i);
    }
  }
  // The same for keys already scrambled: scrambled(i) is scramble of the i-th state.
  template <class Scrambled, class OnNew>
  void insert_scrambled_batch(std::size_t n, Scrambled&& scrambled, OnNew&& on_new) {
    constexpr std::size_t kAhead = 24;
    for (std::size_t j = 0; j < std::min(kAhead, n); ++j) prefetch(scrambled(j));
    for (std::size_t i = 0; i < n; ++i) {
      if (i + kAhead < n) prefetch(scrambled(i + kAhead));
      if (insert(scrambled(i))) on_new(i);
    }
  }

  std::size_t size() const;

  // Threads may insert at once into distinct shards (each shard is touched by one thread).
  static constexpr std::size_t kShards = std::size_t{1} << 8;
  std::size_t shard_of(std::uint64_t scrambled) const {
    return static_cast<std::size_t>(scrambled >> m_rest_bits);
  }
  std::size_t bytes() const;

 private:
  static constexpr unsigned kShardBits = 8;
  static constexpr std::uint32_t kMaxDistance = 253;  // so that distance + 1 fits a byte with room to spare
  // Its own cache line: threads insert into distinct shards at once.
  struct alignas(64) Shard {
    std::vector<unsigned char> bytes;  // 1 << log2 slots of `width` bytes, then 4 bytes of slack
    unsigned log2 = 0;
    unsigned width = 4;
    std::uint32_t mask = ~std::uint32_t{0};  // the low `width` bytes
    std::size_t used = 0;
    std::size_t slots() const { return std::size_t{1} << log2; }
    // Reads and writes move 4 bytes (the slack keeps the last slot's inside the vector); a
    // write puts back the neighbour's bytes unchanged, and only one thread writes a shard.
    std::uint32_t load(std::size_t i) const {
      std::uint32_t v;
      std::memcpy(&v, &bytes[i * width], 4);
      return v & mask;
    }
    void store(std::size_t i, std::uint32_t value) {
      std::uint32_t v;
      std::memcpy(&v, &bytes[i * width], 4);
      v = (v & ~mask) | value;
      std::memcpy(&bytes[i * width], &v, 4);
    }
  };
  Shard make_shard(unsigned log2) const;

  std::uint64_t rest(std::uint64_t scrambled) const {
    return scrambled & ((std::uint64_t{1} << m_rest_bits) - 1);
  }
  std::size_t home(const Shard& s, std::uint64_t scrambled) const {
    return static_cast<std::size_t>(rest(scrambled) >> (m_rest_bits - s.log2));
  }
  std::uint32_t remainder(const Shard& s, std::uint64_t scrambled) const {
    return static_cast<std::uint32_t>(rest(scrambled) & ((std::uint64_t{1} << (m_rest_bits - s.log2)) - 1));
  }
  // Compares four 2-byte slots at a time from slot i (which holds `want` if the key is there);
  // true if the key is found. Else i and want are left at the first empty slot met, or where
  // four slots would pass the shard's end or the largest distance.
  bool probe_four(const Shard& s, std::size_t& i, std::uint32_t& want) const;
  // Places a key known to be absent; false if it would land too far from home.
  bool place(Shard& s, std::size_t home_slot, std::uint32_t rem);
  void grow(Shard& s);

  StateKey m_key;
  unsigned m_key_bits;   // after widening to kMinKeyBits
  unsigned m_rest_bits;  // m_key_bits - kShardBits
  std::uint64_t m_mask;
  std::array<Shard, kShards> m_shards;
};

}  // namespace finwait::checker
