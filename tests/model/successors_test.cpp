// The system step function (MODEL.md "Steps", "Channels") on hand-built states.
#include <catch2/catch.hpp>

#include <algorithm>
#include <initializer_list>
#include <string>
#include <vector>

#include "finwait/model/successors.hpp"

using namespace finwait::model;

namespace {

using enum TcpState;
using enum Segment;
using enum Why;

ModelConfig config_with(ChannelKind kind, unsigned capacity, bool dup = false) {
  ModelConfig c;
  c.channel = kind;
  c.capacity = capacity;
  c.dup = dup;
  return c;
}

Channel channel_of(const ModelConfig& config, std::initializer_list<Segment> segments) {
  Channel ch;
  for (Segment s : segments) REQUIRE(push(ch, s, ChannelShape(config)));
  return ch;
}

// A state from both endpoints and both channels' contents.
SystemState state(const ModelConfig& config, EndpointLocal a, EndpointLocal b,
                  std::initializer_list<Segment> a_to_b, std::initializer_list<Segment> b_to_a) {
  SystemState s;
  s.at(Party::A) = a;
  s.at(Party::B) = b;
  s.from(Party::A) = channel_of(config, a_to_b);
  s.from(Party::B) = channel_of(config, b_to_a);
  return s;
}

std::vector<Transition> of_kind(const std::vector<Transition>& all, StepKind kind, Party actor) {
  std::vector<Transition> out;
  std::copy_if(all.begin(), all.end(), std::back_inserter(out),
               [&](const Transition& t) { return t.step.kind == kind && t.step.actor == actor; });
  return out;
}

std::vector<Transition> successors(const ModelConfig& config, const SystemState& s) {
  return SystemSemantics(config).successors(s);
}

}  // namespace

TEST_CASE("a fifo delivers only its head, a bag any letter present", "[model]") {
  SECTION("fifo [FIN RST] delivers FIN only") {
    const ModelConfig config = config_with(ChannelKind::Fifo, 3);
    const auto delivers = of_kind(
        successors(config, state(config, {FinWait1}, {Established}, {Fin, Rst}, {})),
        StepKind::Deliver, Party::A);
    REQUIRE(delivers.size() == 1);
    CHECK(delivers[0].step.letter == Fin);
    // ESTABLISHED + FIN: ack -> CLOSE_WAIT; RST stays queued behind it.
    CHECK(delivers[0].next == state(config, {FinWait1}, {CloseWait}, {Rst}, {Ack}));
  }
  SECTION("bag {FIN RST} delivers either") {
    const ModelConfig config = config_with(ChannelKind::Bag, 3);
    const auto delivers = of_kind(
        successors(config, state(config, {FinWait1}, {Established}, {Fin, Rst}, {})),
        StepKind::Deliver, Party::A);
    REQUIRE(delivers.size() == 2);
    CHECK(delivers[0].step.letter == Fin);
    CHECK(delivers[0].next == state(config, {FinWait1}, {CloseWait}, {Rst}, {Ack}));
    CHECK(delivers[1].step.letter == Rst);
    CHECK(delivers[1].next == state(config, {FinWait1}, {Closed, 0, Reset}, {Fin}, {}));
  }
}

TEST_CASE("drop: one successor per distinct result", "[model]") {
  const EndpointLocal a{FinWait1}, b{CloseWait};
  SECTION("fifo [FIN FIN ACK]: the two FINs are one run, so 2 drops") {
    const ModelConfig config = config_with(ChannelKind::Fifo, 3);
    const auto drops =
        of_kind(successors(config, state(config, a, b, {Fin, Fin, Ack}, {})), StepKind::Drop, Party::A);
    REQUIRE(drops.size() == 2);
    CHECK(drops[0].next == state(config, a, b, {Fin, Ack}, {}));
    CHECK(drops[1].next == state(config, a, b, {Fin, Fin}, {}));
    for (const Transition& t : drops) CHECK_FALSE(t.sent.has_value());
  }
  SECTION("fifo [FIN ACK FIN]: three positions, three different results") {
    const ModelConfig config = config_with(ChannelKind::Fifo, 3);
    const auto drops =
        of_kind(successors(config, state(config, a, b, {Fin, Ack, Fin}, {})), StepKind::Drop, Party::A);
    REQUIRE(drops.size() == 3);
    CHECK(drops[0].next == state(config, a, b, {Ack, Fin}, {}));
    CHECK(drops[1].next == state(config, a, b, {Fin, Fin}, {}));
    CHECK(drops[2].next == state(config, a, b, {Fin, Ack}, {}));
  }
  SECTION("bag {FIN:2 ACK:1}: one drop per letter") {
    const ModelConfig config = config_with(ChannelKind::Bag, 3);
    const auto drops =
        of_kind(successors(config, state(config, a, b, {Fin, Fin, Ack}, {})), StepKind::Drop, Party::A);
    REQUIRE(drops.size() == 2);
  }
  SECTION("loss = off: no drops") {
    ModelConfig config = config_with(ChannelKind::Fifo, 3);
    config.loss = false;
    CHECK(of_kind(successors(config, state(config, a, b, {Fin, Ack}, {})), StepKind::Drop, Party::A)
              .empty());
  }
}

TEST_CASE("dup appends a copy at the tail, one per letter, never into a full channel", "[model]") {
  const EndpointLocal a{FinWait1}, b{CloseWait};
  SECTION("fifo [FIN FIN ACK], capacity 4") {
    const ModelConfig config = config_with(ChannelKind::Fifo, 4, true);
    const auto dups =
        of_kind(successors(config, state(config, a, b, {Fin, Fin, Ack}, {})), StepKind::Dup, Party::A);
    REQUIRE(dups.size() == 2);
    CHECK(dups[0].next == state(config, a, b, {Fin, Fin, Ack, Fin}, {}));
    CHECK(dups[1].next == state(config, a, b, {Fin, Fin, Ack, Ack}, {}));
  }
  SECTION("bag {FIN:2 ACK:1}, capacity 4") {
    const ModelConfig config = config_with(ChannelKind::Bag, 4, true);
    const auto dups =
        of_kind(successors(config, state(config, a, b, {Fin, Fin, Ack}, {})), StepKind::Dup, Party::A);
    REQUIRE(dups.size() == 2);
    CHECK(dups[0].next == state(config, a, b, {Fin, Fin, Fin, Ack}, {}));
    CHECK(dups[1].next == state(config, a, b, {Fin, Fin, Ack, Ack}, {}));
  }
  SECTION("a full channel is never duplicated into") {
    for (ChannelKind kind : {ChannelKind::Fifo, ChannelKind::Bag}) {
      const ModelConfig config = config_with(kind, 3, true);
      CHECK(of_kind(successors(config, state(config, a, b, {Fin, Fin, Ack}, {})), StepKind::Dup,
                    Party::A)
                .empty());
    }
  }
  SECTION("dup = off: no dups") {
    const ModelConfig config = config_with(ChannelKind::Fifo, 4, false);
    CHECK(of_kind(successors(config, state(config, a, b, {Fin}, {})), StepKind::Dup, Party::A)
              .empty());
  }
}

TEST_CASE("a send into a full channel is lost, the rest of the step happens", "[model]") {
  const ModelConfig config = config_with(ChannelKind::Fifo, 2);
  SECTION("retransmit: retx += 1 even though the FIN is lost") {
    const SystemState s = state(config, {FinWait1}, {Established}, {Fin, Fin}, {});
    const auto retx = of_kind(successors(config, s), StepKind::Retransmit, Party::A);
    REQUIRE(retx.size() == 1);
    CHECK(retx[0].next == state(config, {FinWait1, 1, None}, {Established}, {Fin, Fin}, {}));
    CHECK(retx[0].sent == Fin);
    CHECK(retx[0].lost_to_full_channel);
  }
  SECTION("a reception's reply: the state changes, the ACK is lost") {
    const SystemState s = state(config, {FinWait1}, {Established}, {Fin}, {Rst, Rst});
    const auto delivers = of_kind(successors(config, s), StepKind::Deliver, Party::A);
    REQUIRE(delivers.size() == 1);
    CHECK(delivers[0].next == state(config, {FinWait1}, {CloseWait}, {}, {Rst, Rst}));
    CHECK(delivers[0].sent == Ack);
    CHECK(delivers[0].lost_to_full_channel);
  }
  SECTION("room in the channel: nothing lost") {
    const SystemState s = state(config, {FinWait1}, {Established}, {Fin}, {});
    const auto retx = of_kind(successors(config, s), StepKind::Retransmit, Party::A);
    REQUIRE(retx.size() == 1);
    CHECK(retx[0].next == state(config, {FinWait1, 1, None}, {Established}, {Fin, Fin}, {}));
    CHECK_FALSE(retx[0].lost_to_full_channel);
  }
}

TEST_CASE("an unexpected reception consumes the segment and changes nothing else", "[model]") {
  const ModelConfig config;
  // ESTABLISHED | ACK | unexpected (B never closed, so A cannot be acknowledging its FIN).
  const SystemState s = state(config, {FinWait2}, {Established}, {Ack}, {Fin});
  const auto delivers = of_kind(successors(config, s), StepKind::Deliver, Party::A);
  REQUIRE(delivers.size() == 1);
  CHECK(delivers[0].unexpected);
  CHECK(delivers[0].next == state(config, {FinWait2}, {Established}, {}, {Fin}));
  CHECK_FALSE(delivers[0].sent.has_value());
  CHECK_FALSE(delivers[0].lost_to_full_channel);
}

TEST_CASE("a reception's reply goes into the opposite channel", "[model]") {
  const ModelConfig config;
  SECTION("ESTABLISHED + FIN: ACK into B->A") {
    const auto d = of_kind(successors(config, state(config, {FinWait1}, {Established}, {Fin}, {})),
                           StepKind::Deliver, Party::A);
    REQUIRE(d.size() == 1);
    CHECK(d[0].next == state(config, {FinWait1}, {CloseWait}, {}, {Ack}));
    CHECK_FALSE(d[0].unexpected);
  }
  SECTION("CLOSED + ACK: RST into A->B") {
    const auto d = of_kind(successors(config, state(config, {Closed, 0, Abort}, {LastAck}, {}, {Ack})),
                           StepKind::Deliver, Party::B);
    REQUIRE(d.size() == 1);
    CHECK(d[0].next == state(config, {Closed, 0, Abort}, {LastAck}, {Rst}, {}));
    CHECK(d[0].sent == Rst);
  }
  SECTION("CLOSED + RST: ignored, nothing sent, not unexpected") {
    const auto d = of_kind(successors(config, state(config, {FinWait1}, {Closed, 0, Reset}, {Rst}, {})),
                           StepKind::Deliver, Party::A);
    REQUIRE(d.size() == 1);
    CHECK(d[0].next == state(config, {FinWait1}, {Closed, 0, Reset}, {}, {}));
    CHECK_FALSE(d[0].sent.has_value());
    CHECK_FALSE(d[0].unexpected);
  }
}

TEST_CASE("2msl under drain waits for both channels to empty", "[model]") {
  ModelConfig drain, any;
  any.time_wait = TimeWaitMode::Any;
  const EndpointLocal a{TimeWait}, b{LastAck};
  const auto expiries = [&](const ModelConfig& config, const SystemState& s) {
    return of_kind(successors(config, s), StepKind::Msl2Expired, Party::A).size();
  };
  CHECK(expiries(drain, state(drain, a, b, {}, {})) == 1);
  CHECK(expiries(drain, state(drain, a, b, {Ack}, {})) == 0);
  CHECK(expiries(drain, state(drain, a, b, {}, {FinAck})) == 0);
  CHECK(expiries(any, state(any, a, b, {Ack}, {FinAck})) == 1);
  const auto fired = of_kind(successors(drain, state(drain, a, b, {}, {})), StepKind::Msl2Expired,
                             Party::A);
  REQUIRE(fired.size() == 1);
  CHECK(fired[0].next == state(drain, {Closed, 0, Graceful}, b, {}, {}));
}
