// StateLayout: documented field widths, and lossless, injective packing of reachable states.
#include <catch2/catch.hpp>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "finwait/model/state_layout.hpp"
#include "finwait/model/successors.hpp"

using namespace finwait::model;

namespace {

// An identity for a state that does not go through the layout under test.
std::string key(const SystemState& s) {
  std::string k;
  for (const EndpointLocal& e : s.endpoint)
    k += {static_cast<char>(e.st), static_cast<char>(e.retx), static_cast<char>(e.why)};
  for (const Channel& ch : s.channel) {
    k += static_cast<char>(ch.size);
    for (auto c : ch.count) k += static_cast<char>(c);
    for (auto seg : ch.seq) k += static_cast<char>(seg);
  }
  return k;
}

// Breadth-first search from the initial state, stopping after `limit` states.
std::vector<SystemState> reachable(const SystemSemantics& sys, std::size_t limit) {
  std::set<std::string> seen{key(sys.initial())};
  std::vector<SystemState> states{sys.initial()};
  for (std::size_t i = 0; i < states.size() && states.size() < limit; ++i) {
    const SystemState s = states[i];  // a copy: push_back may reallocate
    sys.for_each_successor(s, [&](const Transition& t) {
      if (states.size() < limit && seen.insert(key(t.next)).second) states.push_back(t.next);
    });
  }
  return states;
}

ModelConfig network(ChannelKind kind, unsigned capacity) {
  ModelConfig c;
  c.channel = kind;
  c.capacity = capacity;
  c.retries = kUnbounded;  // retransmit always enabled: channels fill up
  c.dup = true;
  c.abort = true;
  return c;
}

// Packs every state, checks it unpacks to itself, and that no two states share a packing.
template <std::size_t W>
void check_round_trips(const ModelConfig& config, const std::vector<SystemState>& states) {
  const SystemSemantics sys(config);
  const StateLayout layout(config, sys.endpoints().locals());
  REQUIRE(layout.words() <= W);
  std::map<PackedState<W>, std::string> packed;
  for (const SystemState& s : states) {
    const PackedState<W> p = layout.template pack<W>(s);
    const SystemState back = layout.template unpack<W>(p);
    if (!(back == s)) {
      FAIL_CHECK("round trip changed " << describe_endpoint(s.endpoint[0]) << " | "
                                       << describe_endpoint(s.endpoint[1]) << " | "
                                       << describe_channel(s.channel[0], config.channel) << " | "
                                       << describe_channel(s.channel[1], config.channel));
    }
    packed.emplace(p, key(s));
  }
  CHECK(packed.size() == states.size());  // distinct states, distinct packings
}

// A channel holding `n` segments cycling through all four letters.
Channel mixed(unsigned n, const ModelConfig& config) {
  const ChannelShape shape(config);
  Channel ch;
  for (unsigned i = 0; i < n; ++i) push(ch, static_cast<Segment>((i * 3 + 1) % kSegmentCount), shape);
  return ch;
}

// Every pair of legal locals with, in turn, long mixed channels of every length.
std::vector<SystemState> long_channel_states(const ModelConfig& config) {
  const LocalStateSpace locals(config);
  std::vector<SystemState> out;
  for (const EndpointLocal& a : locals.all())
    for (const EndpointLocal& b : locals.all())
      for (unsigned n = 0; n <= config.capacity; ++n) {
        SystemState s;
        s.endpoint = {a, b};
        s.channel = {mixed(n, config), mixed(config.capacity - n, config)};
        out.push_back(s);
      }
  return out;
}

}  // namespace

TEST_CASE("local state space sizes follow MODEL.md's invariants", "[model]") {
  // 4 plain states (ESTABLISHED, FIN_WAIT_2, TIME_WAIT, CLOSE_WAIT) + FIN_WAIT_1, CLOSING,
  // LAST_ACK x (R+1) retx values + CLOSED x 4 reasons; with R = inf retx is not tracked.
  ModelConfig c;
  c.retries = 0;
  CHECK(LocalStateSpace(c).size() == 4 + 3 * 1 + 4);
  c.retries = 2;
  CHECK(LocalStateSpace(c).size() == 17);
  c.retries = kUnbounded;
  CHECK(LocalStateSpace(c).size() == 4 + 3 + 4);
}

TEST_CASE("field widths follow the layout comment", "[model]") {
  SECTION("default configuration: 20 bits, one 8-byte word") {
    const ModelConfig c;  // R = 2 -> 17 locals -> 5 bits; fifo capacity 2 -> 2*2+1 bits
    const LocalStateSpace locals(c);
    const StateLayout layout(c, locals);
    CHECK(layout.local_bits() == 5);
    CHECK(layout.channel_bits() == 5);
    INFO("default packs into " << layout.bits() << " bits");
    CHECK(layout.bits() == 2 * 5 + 2 * 5);
    CHECK(layout.words() == 1);
  }
  SECTION("fifo capacity 10 still fits one word") {
    ModelConfig c;
    c.capacity = 10;  // 2 * 5 + 2 * (2*10+1) = 52 bits <= 64
    const LocalStateSpace locals(c);
    const StateLayout layout(c, locals);
    INFO("fifo capacity 10 packs into " << layout.bits() << " bits");
    CHECK(layout.bits() == 52);
    CHECK(layout.words() == 1);
  }
  SECTION("fifo capacity 20, R = inf: two words") {
    const ModelConfig c = network(ChannelKind::Fifo, 20);  // 11 locals -> 4 bits; 41-bit fifos
    const LocalStateSpace locals(c);
    const StateLayout layout(c, locals);
    CHECK(layout.local_bits() == 4);
    CHECK(layout.bits() == 2 * 4 + 2 * 41);
    CHECK(layout.words() == 2);
  }
  SECTION("bags take 4 counts of ceil(log2(K+1)) bits") {
    for (auto [capacity, count_bits] : {std::pair{1u, 1u}, {3u, 2u}, {4u, 3u}, {8u, 4u}}) {
      const ModelConfig c = network(ChannelKind::Bag, capacity);
      const LocalStateSpace locals(c);
    const StateLayout layout(c, locals);
      INFO("bag capacity " << capacity);
      CHECK(layout.channel_bits() == 4 * count_bits);
      CHECK(layout.bits() == 2 * 4 + 2 * 4 * count_bits);
    }
  }
}

TEST_CASE("reachable states round-trip through one word, fifo and bag, capacity 1..4", "[model]") {
  for (ChannelKind kind : {ChannelKind::Fifo, ChannelKind::Bag})
    for (unsigned capacity = 1; capacity <= 4; ++capacity) {
      const ModelConfig config = network(kind, capacity);
      const std::vector<SystemState> states = reachable(SystemSemantics(config), 100000);
      INFO(changed_parameters(config).size() << " changed parameters, capacity " << config.capacity
                                             << ": " << states.size() << " states");
      CHECK(states.size() > 100);
      check_round_trips<1>(config, states);
    }
  const ModelConfig defaults;
  check_round_trips<1>(defaults, reachable(SystemSemantics(defaults), 100000));
}

TEST_CASE("wide layouts round-trip across word boundaries", "[model]") {
  SECTION("fifo capacity 20 in two words") {
    const ModelConfig config = network(ChannelKind::Fifo, 20);
    check_round_trips<2>(config, reachable(SystemSemantics(config), 20000));
    check_round_trips<2>(config, long_channel_states(config));
  }
  SECTION("fifo capacity 30 (130 bits) in four words") {
    const ModelConfig config = network(ChannelKind::Fifo, 30);
    check_round_trips<4>(config, long_channel_states(config));
  }
  SECTION("bag capacity 30 in one word") {
    const ModelConfig config = network(ChannelKind::Bag, 30);  // 2*4 + 2*4*5 = 48 bits
    const LocalStateSpace locals(config);
    CHECK(StateLayout(config, locals).bits() == 48);
    check_round_trips<1>(config, long_channel_states(config));
  }
}
