// model::replay accepts a correct hand-built trace and rejects a wrong one at the right step.
#include <catch2/catch.hpp>

#include <initializer_list>
#include <optional>
#include <string>

#include "finwait/model/trace.hpp"

using namespace finwait::model;

namespace {

using enum TcpState;
using enum Segment;
using enum Why;

const ModelConfig kConfig;  // defaults: closers both, fifo capacity 2, loss on, R = 2, drain

Channel channel_of(std::initializer_list<Segment> segments) {
  Channel ch;
  for (Segment s : segments) push(ch, s, ChannelShape(kConfig));
  return ch;
}

SystemState state(EndpointLocal a, EndpointLocal b, std::initializer_list<Segment> a_to_b,
                  std::initializer_list<Segment> b_to_a) {
  SystemState s;
  s.at(Party::A) = a;
  s.at(Party::B) = b;
  s.from(Party::A) = channel_of(a_to_b);
  s.from(Party::B) = channel_of(b_to_a);
  return s;
}

TraceStep local(StepKind kind, Party who, SystemState after, std::optional<Segment> sent) {
  return {Step{kind, who}, after, sent};
}

TraceStep deliver(Party sender, Segment letter, SystemState after, std::optional<Segment> sent) {
  return {Step{StepKind::Deliver, sender, letter}, after, sent};
}

// The textbook close, step by step from MODEL.md's tables (A closes first, B answers).
Trace textbook_close() {
  Trace t;
  t.initial = state({Established}, {Established}, {}, {});
  // A close in ESTABLISHED: send FIN, go to FIN_WAIT_1.
  t.steps.push_back(local(StepKind::Close, Party::A, state({FinWait1}, {Established}, {Fin}, {}), Fin));
  // ESTABLISHED | FIN | ack -> CLOSE_WAIT
  t.steps.push_back(deliver(Party::A, Fin, state({FinWait1}, {CloseWait}, {}, {Ack}), Ack));
  // FIN_WAIT_1 | ACK | -> FIN_WAIT_2
  t.steps.push_back(deliver(Party::B, Ack, state({FinWait2}, {CloseWait}, {}, {}), std::nullopt));
  // B close in CLOSE_WAIT: send FINACK, go to LAST_ACK.
  t.steps.push_back(local(StepKind::Close, Party::B, state({FinWait2}, {LastAck}, {}, {FinAck}), FinAck));
  // FIN_WAIT_2 | FINACK | ack -> TIME_WAIT
  t.steps.push_back(deliver(Party::B, FinAck, state({TimeWait}, {LastAck}, {Ack}, {}), Ack));
  // LAST_ACK | ACK | -> CLOSED (graceful)
  t.steps.push_back(deliver(Party::A, Ack, state({TimeWait}, {Closed, 0, Graceful}, {}, {}), std::nullopt));
  // 2msl in TIME_WAIT, both channels empty: -> CLOSED (graceful).
  t.steps.push_back(local(StepKind::Msl2Expired, Party::A,
                          state({Closed, 0, Graceful}, {Closed, 0, Graceful}, {}, {}), std::nullopt));
  return t;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("replay accepts the textbook four-segment close", "[model]") {
  const SystemSemantics sys(kConfig);
  const std::optional<ReplayFailure> failure = replay(sys, textbook_close());
  INFO((failure ? failure->message : std::string("replayed")));
  CHECK_FALSE(failure.has_value());
  CHECK_FALSE(replay(sys, Trace{sys.initial(), {}, std::nullopt}).has_value());  // empty run
}

TEST_CASE("replay rejects a step that is not enabled, listing the enabled ones", "[model]") {
  const SystemSemantics sys(kConfig);
  Trace t = textbook_close();
  // Step 3 (index 2): A's 2msl while A is in FIN_WAIT_1 and B->A holds ACK.
  t.steps[2] = local(StepKind::Msl2Expired, Party::A, t.steps[2].state, std::nullopt);
  const std::optional<ReplayFailure> failure = replay(sys, t);
  REQUIRE(failure.has_value());
  CHECK(failure->step_index == 2);
  INFO(failure->message);
  CHECK(contains(failure->message, "'A 2msl' is not enabled"));
  // State (A FIN_WAIT_1 retx 0, B CLOSE_WAIT, A->B [], B->A [ACK]): A may retransmit (0 < 2),
  // B may close in CLOSE_WAIT; the ACK may be delivered or (loss on) dropped. In the documented
  // order: A's steps, B's steps, channel A->B, channel B->A.
  CHECK(contains(failure->message,
                 "enabled steps: A retransmit, B close, B->A deliver ACK, B->A drop ACK"));
}

TEST_CASE("replay rejects a fifo delivery of a letter that is not at the head", "[model]") {
  const SystemSemantics sys(kConfig);
  Trace t = textbook_close();
  t.steps[1] = deliver(Party::A, Ack, t.steps[1].state, Ack);  // A->B holds [FIN]
  const std::optional<ReplayFailure> failure = replay(sys, t);
  REQUIRE(failure.has_value());
  CHECK(failure->step_index == 1);
  CHECK(contains(failure->message, "'A->B deliver ACK' is not enabled"));
  CHECK(contains(failure->message, "A->B deliver FIN"));
}

TEST_CASE("replay rejects a step whose recorded state is wrong", "[model]") {
  const SystemSemantics sys(kConfig);
  Trace t = textbook_close();
  SECTION("B recorded in LAST_ACK instead of CLOSE_WAIT") {
    t.steps[1].state.at(Party::B) = {LastAck};
  }
  SECTION("the ACK reply missing from B->A") {
    t.steps[1].state.from(Party::B) = channel_of({});
  }
  SECTION("the recorded sent segment is wrong") {
    t.steps[1].sent = Rst;
  }
  const std::optional<ReplayFailure> failure = replay(sys, t);
  REQUIRE(failure.has_value());
  CHECK(failure->step_index == 1);
  INFO(failure->message);
  CHECK(contains(failure->message,
                 "'A->B deliver FIN' is enabled but leads to a different state than recorded"));
  CHECK(contains(failure->message, "enabled steps: "));
}

TEST_CASE("replay rejects a trace that does not start in the initial state", "[model]") {
  const SystemSemantics sys(kConfig);
  Trace t = textbook_close();
  t.initial.at(Party::B) = {CloseWait};
  const std::optional<ReplayFailure> failure = replay(sys, t);
  REQUIRE(failure.has_value());
  CHECK(failure->step_index == 0);
}
