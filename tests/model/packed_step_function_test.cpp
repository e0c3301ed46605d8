// PackedStepFunction yields exactly SystemSemantics's successors, in its order, on every
// reachable state of a spread of configurations (delayed ACK, both channel kinds, full
// channels, unexpected receptions).
#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

#include "finwait/model/packed_step_function.hpp"
#include "test_support.hpp"

using namespace finwait::model;

namespace {

// Walks every reachable state (breadth-first, through SystemSemantics alone) and compares
// both step functions on it; returns the number of states compared.
std::size_t compare_on_state_space(const ModelConfig& config) {
  const SystemSemantics sys(config);
  const StateLayout layout(config, sys.endpoints().locals());
  REQUIRE(PackedStepFunction::fits(layout));
  const PackedStepFunction packed(sys, layout);
  std::set<std::uint64_t> seen{layout.pack<1>(sys.initial())[0]};
  std::vector<SystemState> queue{sys.initial()};
  for (std::size_t i = 0; i < queue.size(); ++i) {
    const SystemState s = queue[i];
    const std::vector<Transition> want = sys.successors(s);
    std::vector<PackedTransition> got;
    packed.for_each_successor(layout.pack<1>(s)[0], [&got](const PackedTransition& t) { got.push_back(t); });
    REQUIRE(got.size() == want.size());
    for (std::size_t k = 0; k < want.size(); ++k) {
      const Transition t = got[k].expand(layout);
      INFO("state " << describe_endpoint(s.endpoint[0]) << " / " << describe_endpoint(s.endpoint[1])
                    << ", successor " << k << ": " << label(want[k].step));
      CHECK(t.step == want[k].step);
      CHECK(t.next == want[k].next);
      CHECK(t.sent == want[k].sent);
      CHECK(t.unexpected == want[k].unexpected);
      CHECK(t.lost_to_full_channel == want[k].lost_to_full_channel);
      if (seen.insert(got[k].next).second) queue.push_back(want[k].next);
    }
  }
  return queue.size();
}

}  // namespace

TEST_CASE("the packed step function agrees with SystemSemantics on whole state spaces", "[model]") {
  const std::vector<std::pair<std::string, std::size_t>> cases = {
      {"", 2962},
      {"--channel bag --capacity 3", 7590},
      {"--capacity 3 --dup on --loss off --retries 3", 57788},
      {"--channel bag --capacity 4 --dup on --abort on --time-wait any --fin-wait-2-timeout on --variant rfc1337", 158881},
      {"--profile linux", 0},
      {"--delayed-ack on --channel bag --capacity 3 --dup on", 0},
      {"--retries inf --capacity 1", 0},
      {"--closers A --abort on --dup on --time-wait any", 0},
  };
  for (const auto& [flags, states] : cases) {
    INFO("flags: " << flags);
    const std::size_t compared = compare_on_state_space(finwait::testing::config_from_flags(flags));
    if (states != 0) CHECK(compared == states);
    CHECK(compared > 10);
  }
}

TEST_CASE("layouts too wide for one word are left to the generic path", "[model]") {
  const ModelConfig wide = finwait::testing::config_from_flags("--capacity 12");
  const SystemSemantics sys(wide);
  CHECK_FALSE(PackedStepFunction::fits(StateLayout(wide, sys.endpoints().locals())));
}
