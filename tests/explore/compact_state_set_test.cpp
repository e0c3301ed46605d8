// CompactStateSet is an exact set: it agrees with std::unordered_set on random and on
// clustered keys of several widths, through many shard growths.
#include <catch2/catch.hpp>

#include <random>
#include <unordered_set>

#include "finwait/checker/compact_state_set.hpp"

using finwait::checker::CompactStateSet;

namespace {

// Inserts every key twice (in two passes) and compares each answer with a reference set.
void agrees_with_reference(unsigned bits, const std::vector<std::uint64_t>& keys) {
  CompactStateSet set(bits);
  std::unordered_set<std::uint64_t> reference;
  for (int pass = 0; pass < 2; ++pass)
    for (std::uint64_t key : keys) {
      const bool is_new = reference.insert(key).second;
      REQUIRE(set.insert(set.scramble(key)) == is_new);
    }
  CHECK(set.size() == reference.size());
}

}  // namespace

TEST_CASE("compact state set: random keys of 20 to 44 bits", "[explore]") {
  std::mt19937_64 rng(7);
  for (unsigned bits : {20u, 32u, 42u, 44u}) {
    INFO(bits << " bits");
    const std::uint64_t mask = (std::uint64_t{1} << bits) - 1;
    std::vector<std::uint64_t> keys(300000);
    for (auto& k : keys) k = rng() & mask;
    agrees_with_reference(bits, keys);
  }
}

TEST_CASE("compact state set: dense and structured keys (packed states look like this)", "[explore]") {
  std::vector<std::uint64_t> dense(1 << 20);
  for (std::size_t i = 0; i < dense.size(); ++i) dense[i] = i;  // every key of 20 bits
  agrees_with_reference(20, dense);
  std::vector<std::uint64_t> strided;
  for (std::uint64_t hi = 0; hi < 512; ++hi)
    for (std::uint64_t lo = 0; lo < 512; ++lo) strided.push_back((hi << 34) | (lo << 3));
  agrees_with_reference(43, strided);
}

TEST_CASE("compact state set: scrambling is a bijection on the key width", "[explore]") {
  CompactStateSet set(20);
  std::unordered_set<std::uint64_t> images;
  for (std::uint64_t k = 0; k < (1u << 20); ++k) {
    const std::uint64_t s = set.scramble(k);
    REQUIRE(s < (std::uint64_t{1} << 20));
    images.insert(s);
  }
  CHECK(images.size() == (1u << 20));
}
