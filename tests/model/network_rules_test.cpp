// The network's rules as data (MODEL.md "Channels"), which both the explicit step function
// and the Z3 encoding read.
#include <catch2/catch.hpp>

#include <vector>

#include "finwait/model/network_rules.hpp"

using namespace finwait::model;

namespace {

ModelConfig config_with(ChannelKind kind, bool loss, bool dup) {
  ModelConfig c;
  c.channel = kind;
  c.loss = loss;
  c.dup = dup;
  return c;
}

std::vector<StepKind> kinds(const std::vector<NetworkRule>& rules) {
  std::vector<StepKind> out;
  for (const NetworkRule& r : rules) out.push_back(r.kind);
  return out;
}

}  // namespace

TEST_CASE("a fifo delivers its head and loses any slot, a bag picks letters", "[model]") {
  const std::vector<NetworkRule> fifo = network_rules(config_with(ChannelKind::Fifo, true, true));
  REQUIRE(kinds(fifo) == std::vector{StepKind::Deliver, StepKind::Drop, StepKind::Dup});
  CHECK(fifo[0].pick == Pick::Head);
  CHECK((fifo[0].takes && fifo[0].delivers && !fifo[0].copies));
  CHECK(fifo[1].pick == Pick::EachSlot);
  CHECK((fifo[1].takes && !fifo[1].delivers && !fifo[1].copies));
  CHECK(fifo[2].pick == Pick::EachLetter);
  CHECK((!fifo[2].takes && !fifo[2].delivers && fifo[2].copies));

  const std::vector<NetworkRule> bag = network_rules(config_with(ChannelKind::Bag, true, true));
  REQUIRE(kinds(bag) == std::vector{StepKind::Deliver, StepKind::Drop, StepKind::Dup});
  for (const NetworkRule& r : bag) CHECK(r.pick == Pick::EachLetter);
}

TEST_CASE("loss and duplication switch their rules off and on", "[model]") {
  for (ChannelKind kind : {ChannelKind::Fifo, ChannelKind::Bag}) {
    CHECK(kinds(network_rules(config_with(kind, false, false))) == std::vector{StepKind::Deliver});
    CHECK(kinds(network_rules(config_with(kind, true, false))) ==
          std::vector{StepKind::Deliver, StepKind::Drop});
    CHECK(kinds(network_rules(config_with(kind, false, true))) ==
          std::vector{StepKind::Deliver, StepKind::Dup});
  }
}
