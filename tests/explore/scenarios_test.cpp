// Named close scenarios from the textbooks, run step by step on the model.
#include <catch2/catch.hpp>

#include "test_support.hpp"

using namespace finwait;
using namespace finwait::model;
using finwait::testing::config_from_flags;
using finwait::testing::run_steps;

namespace {
TcpState st(const Trace& t, std::size_t step, Party p) { return t.steps[step - 1].state.at(p).st; }
Why why(const Trace& t, Party p) { return t.final_state().at(p).why; }
}  // namespace

TEST_CASE("textbook 4-segment close", "[explore]") {
  // RFC 9293 figure 12: A actively closes, B passively; A waits in TIME_WAIT for 2MSL.
  const SystemSemantics sys(ModelConfig{});
  const Trace t = run_steps(sys, {"A close", "A->B deliver FIN", "B->A deliver ACK", "B close",
                                  "B->A deliver FINACK", "A->B deliver ACK", "A 2msl"});
  CHECK(st(t, 1, Party::A) == TcpState::FinWait1);
  CHECK(st(t, 2, Party::B) == TcpState::CloseWait);
  CHECK(st(t, 3, Party::A) == TcpState::FinWait2);
  CHECK(st(t, 4, Party::B) == TcpState::LastAck);
  CHECK(st(t, 5, Party::A) == TcpState::TimeWait);
  CHECK(st(t, 6, Party::B) == TcpState::Closed);
  CHECK(st(t, 7, Party::A) == TcpState::Closed);
  CHECK(why(t, Party::A) == Why::Graceful);
  CHECK(why(t, Party::B) == Why::Graceful);
  CHECK(t.final_state().channels_empty());
  CHECK(t.steps[3].sent == Segment::FinAck);  // B's FIN from CLOSE_WAIT acknowledges A's FIN
}

TEST_CASE("FIN_WAIT_1 goes straight to TIME_WAIT on a FINACK", "[explore]") {
  // B's ACK is lost; B's FIN that also acknowledges A's FIN arrives while A is in FIN_WAIT_1.
  const SystemSemantics sys(ModelConfig{});
  const Trace t = run_steps(sys, {"A close", "A->B deliver FIN", "B close", "B->A drop ACK",
                                  "B->A deliver FINACK"});
  CHECK(t.state_before(4).at(Party::A).st == TcpState::FinWait1);
  CHECK(st(t, 5, Party::A) == TcpState::TimeWait);
  CHECK(t.final_state().from(Party::A).seq[0] == Segment::Ack);
}

TEST_CASE("simultaneous close passes through CLOSING on both sides", "[explore]") {
  const SystemSemantics sys(ModelConfig{});
  const Trace t = run_steps(sys, {"A close", "B close", "A->B deliver FIN", "B->A deliver FIN",
                                  "A->B deliver ACK", "B->A deliver ACK", "A 2msl", "B 2msl"});
  CHECK(st(t, 3, Party::B) == TcpState::Closing);
  CHECK(st(t, 4, Party::A) == TcpState::Closing);
  CHECK(st(t, 5, Party::B) == TcpState::TimeWait);
  CHECK(st(t, 6, Party::A) == TcpState::TimeWait);
  CHECK(why(t, Party::A) == Why::Graceful);
  CHECK(why(t, Party::B) == Why::Graceful);
}

TEST_CASE("abrupt release by RST", "[explore]") {
  // RFC 9293 3.10.5: ABORT sends RST from ESTABLISHED; the peer closes on receiving it.
  const SystemSemantics sys(config_from_flags("--abort on"));
  const Trace t = run_steps(sys, {"A abort", "A->B deliver RST"});
  CHECK(t.steps[0].sent == Segment::Rst);
  CHECK(why(t, Party::A) == Why::Abort);
  CHECK(why(t, Party::B) == Why::Reset);
}

TEST_CASE("a lost final ACK is recovered from TIME_WAIT", "[explore]") {
  // Why TIME_WAIT exists (RFC 9293 3.6): A must still be there to re-acknowledge B's FIN.
  const SystemSemantics sys(ModelConfig{});
  const Trace t = run_steps(sys, {"A close", "A->B deliver FIN", "B->A deliver ACK", "B close",
                                  "B->A deliver FINACK", "A->B drop ACK", "B retransmit",
                                  "B->A deliver FINACK", "A->B deliver ACK", "A 2msl"});
  CHECK(st(t, 7, Party::B) == TcpState::LastAck);
  CHECK(t.steps[6].state.at(Party::B).retx == 1);
  CHECK(st(t, 8, Party::A) == TcpState::TimeWait);  // ACKs again, stays
  CHECK(why(t, Party::B) == Why::Graceful);
  CHECK(why(t, Party::A) == Why::Graceful);
}

TEST_CASE("without TIME_WAIT the lost final ACK turns into a reset", "[explore]") {
  // With time_wait=none A is CLOSED at once; B's retransmitted FIN meets a CLOSED endpoint
  // which answers RST, so B ends reset instead of graceful.
  const SystemSemantics sys(config_from_flags("--time-wait none"));
  const Trace t = run_steps(sys, {"A close", "A->B deliver FIN", "B->A deliver ACK", "B close",
                                  "B->A deliver FINACK", "A->B drop ACK", "B retransmit",
                                  "B->A deliver FINACK", "A->B deliver RST"});
  CHECK(st(t, 5, Party::A) == TcpState::Closed);
  CHECK(t.steps[4].sent == Segment::Ack);
  CHECK(why(t, Party::B) == Why::Reset);
}

TEST_CASE("exam question: after FIN and its ACK, A waits in FIN_WAIT_2", "[explore]") {
  const SystemSemantics sys(ModelConfig{});
  const Trace t = run_steps(sys, {"A close", "A->B deliver FIN", "B->A deliver ACK"});
  CHECK(t.final_state().at(Party::A).st == TcpState::FinWait2);
  CHECK(t.final_state().at(Party::B).st == TcpState::CloseWait);
}
