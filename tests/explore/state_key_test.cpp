// StateKey: a bag is filed under its rank among the bags of at most K segments; the key is
// one-to-one on those states, and as narrow as the count of bags says.
#include <catch2/catch.hpp>

#include <bit>
#include <set>

#include "finwait/checker/compact_state_set.hpp"
#include "finwait/checker/state_key.hpp"
#include "finwait/model/state_layout.hpp"

using finwait::checker::CompactStateSet;
using finwait::checker::StateKey;
using namespace finwait::model;

namespace {

ModelConfig bag(unsigned capacity) {
  ModelConfig c;
  c.channel = ChannelKind::Bag;
  c.capacity = capacity;
  c.dup = true;
  c.abort = true;
  return c;
}

// Every channel value of at most `capacity` segments, as the layout packs it.
std::vector<Channel> all_bags(unsigned capacity) {
  std::vector<Channel> out;
  for (unsigned a = 0; a <= capacity; ++a)
    for (unsigned b = 0; a + b <= capacity; ++b)
      for (unsigned c = 0; a + b + c <= capacity; ++c)
        for (unsigned d = 0; a + b + c + d <= capacity; ++d) {
          Channel ch;
          ch.count = {static_cast<std::uint8_t>(a), static_cast<std::uint8_t>(b),
                      static_cast<std::uint8_t>(c), static_cast<std::uint8_t>(d)};
          ch.size = static_cast<std::uint8_t>(a + b + c + d);
          out.push_back(ch);
        }
  return out;
}

}  // namespace

TEST_CASE("state key: bags are ranked, one to one, in as few bits as there are bags", "[explore]") {
  // capacity -> bags of at most K segments of 4 letters: C(K+4, 4)
  for (auto [capacity, bags] : {std::pair{1u, 5u}, {2u, 15u}, {3u, 35u}, {8u, 495u}, {10u, 1001u}}) {
    INFO("bag capacity " << capacity);
    const ModelConfig config = bag(capacity);
    const LocalStateSpace locals(config);
    const StateLayout layout(config, locals);
    const StateKey key(layout);
    const std::vector<Channel> channels = all_bags(capacity);
    REQUIRE(channels.size() == bags);
    const unsigned rank_bits = static_cast<unsigned>(std::bit_width(bags - 1));
    CHECK(key.bits() == 2 * layout.local_bits() + 2 * rank_bits);
    if (capacity == 8) CHECK(key.bits() == 28);  // the bench row's 42 packed bits
    // Every pair of channels, with locals at both ends of their range: distinct keys.
    std::set<std::uint64_t> keys;
    SystemState s = SystemState{};
    for (const unsigned local : {0u, static_cast<unsigned>(locals.size() - 1)}) {
      s.endpoint[0] = locals.at(local);
      s.endpoint[1] = locals.at(locals.size() - 1 - local);
      for (const Channel& first : channels)
        for (std::size_t i = 0; i < channels.size(); i += capacity > 3 ? 7 : 1) {
          s.channel[0] = first;
          s.channel[1] = channels[i];
          const std::uint64_t k = key(layout.pack<1>(s)[0]);
          REQUIRE(k < (std::uint64_t{1} << key.bits()));
          CHECK(keys.insert(k).second);
        }
    }
  }
}

TEST_CASE("state key: fifos keep their packing", "[explore]") {
  ModelConfig config;
  config.capacity = 5;
  const LocalStateSpace locals(config);
  const StateLayout layout(config, locals);
  const StateKey key(layout);
  CHECK(key.bits() == layout.bits());
  CHECK(key(0x12345678) == 0x12345678);
}
