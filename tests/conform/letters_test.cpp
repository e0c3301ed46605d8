// TRACES.md "Letters" and "Sequence-level violations", segment by segment.
#include <catch2/catch.hpp>

#include "finwait/conform/letters.hpp"

using namespace finwait::conform;
using finwait::model::Party;
using finwait::model::Segment;

namespace {

TcpSegment seg(std::uint8_t flags, std::uint32_t seq, std::uint32_t ack, std::uint32_t payload = 0) {
  TcpSegment s;
  s.flags = flags;
  s.seq = seq;
  s.ack = ack;
  s.payload = payload;
  return s;
}

constexpr std::uint8_t SYN = tcp_flag::kSyn, ACK = tcp_flag::kAck, FIN = tcp_flag::kFin,
                       RST = tcp_flag::kRst, PSH = tcp_flag::kPsh;

// A handshake: A's ISN 1000, B's ISN 5000.
LetterMapper after_handshake() {
  LetterMapper m;
  CHECK_FALSE(m.feed(Party::A, seg(SYN, 1000, 0)).letter);
  CHECK_FALSE(m.feed(Party::B, seg(SYN | ACK, 5000, 1001)).letter);
  CHECK_FALSE(m.feed(Party::A, seg(ACK, 1001, 5001)).letter);
  return m;
}

}  // namespace

TEST_CASE("letters of a four-way close", "[conform]") {
  LetterMapper m = after_handshake();
  // data and its ACK: no letter
  CHECK_FALSE(m.feed(Party::A, seg(ACK | PSH, 1001, 5001, 6)).letter);
  CHECK_FALSE(m.feed(Party::B, seg(ACK, 5001, 1007)).letter);
  // A's FIN (with the ACK flag, as every real FIN has): FIN, since B sent no FIN yet
  auto f = m.feed(Party::A, seg(FIN | ACK, 1007, 5001));
  REQUIRE(f.letter);
  CHECK(*f.letter == Observation{Party::A, Segment::Fin});
  CHECK(*m.progress(Party::A).fin_seq == 1007);
  CHECK(*m.progress(Party::A).snd_max == 1008);
  // B's pure ACK covering A's FIN: ACK
  auto a = m.feed(Party::B, seg(ACK, 5001, 1008));
  REQUIRE(a.letter);
  CHECK(*a.letter == Observation{Party::B, Segment::Ack});
  // B's FIN acknowledging A's FIN: FINACK
  auto fa = m.feed(Party::B, seg(FIN | ACK, 5001, 1008));
  REQUIRE(fa.letter);
  CHECK(*fa.letter == Observation{Party::B, Segment::FinAck});
  // A's last ACK
  auto last = m.feed(Party::A, seg(ACK, 1008, 5002));
  REQUIRE(last.letter);
  CHECK(*last.letter == Observation{Party::A, Segment::Ack});
  CHECK_FALSE(last.seq_violation);
}

TEST_CASE("an ACK that does not cover the peer's FIN, or carries data, has no letter", "[conform]") {
  LetterMapper m = after_handshake();
  m.feed(Party::A, seg(FIN | ACK, 1001, 5001));
  CHECK_FALSE(m.feed(Party::B, seg(ACK, 5001, 1001)).letter);            // ack before the FIN
  CHECK_FALSE(m.feed(Party::B, seg(ACK | PSH, 5001, 1002, 10)).letter);  // data
  CHECK(m.feed(Party::B, seg(ACK, 5011, 1002)).letter);                  // now a letter
}

TEST_CASE("RST is a letter whatever else it carries, and it changes no sequence state", "[conform]") {
  LetterMapper m = after_handshake();
  auto r = m.feed(Party::B, seg(RST | ACK, 5001, 1001));
  REQUIRE(r.letter);
  CHECK(r.letter->letter == Segment::Rst);
  CHECK(*m.progress(Party::B).snd_max == 5001);
  CHECK_FALSE(m.progress(Party::B).fin_seq);
}

TEST_CASE("sequence-level violations", "[conform]") {
  SECTION("an ACK of sequence space the peer never sent (a FIN never sent)") {
    LetterMapper m = after_handshake();
    auto v = m.feed(Party::B, seg(ACK, 5001, 1002));
    CHECK(v.seq_violation);
  }
  SECTION("not checked while the peer has sent nothing") {
    LetterMapper m;
    CHECK_FALSE(m.feed(Party::B, seg(ACK, 5001, 1002)).seq_violation);
  }
  SECTION("a RST's ack is checked too") {
    LetterMapper m = after_handshake();
    CHECK(m.feed(Party::B, seg(RST | ACK, 5001, 9999)).seq_violation);
  }
  SECTION("a second FIN at another sequence number") {
    LetterMapper m = after_handshake();
    m.feed(Party::A, seg(FIN | ACK, 1001, 5001));
    CHECK_FALSE(m.feed(Party::A, seg(FIN | ACK, 1001, 5001)).seq_violation);  // retransmission
    CHECK(m.feed(Party::A, seg(FIN | ACK, 1005, 5001)).seq_violation);
  }
  SECTION("data beyond the sender's own FIN") {
    LetterMapper m = after_handshake();
    m.feed(Party::A, seg(FIN | ACK, 1001, 5001));
    CHECK(m.feed(Party::A, seg(ACK | PSH, 1002, 5001, 5)).seq_violation);
  }
  SECTION("a pure ACK after one's own FIN is fine; a RST after a FIN is exempt") {
    LetterMapper m = after_handshake();
    m.feed(Party::A, seg(FIN | ACK, 1001, 5001));
    CHECK_FALSE(m.feed(Party::A, seg(ACK, 1002, 5001)).seq_violation);
    CHECK_FALSE(m.feed(Party::A, seg(RST, 1002, 0)).seq_violation);
  }
  SECTION("serial arithmetic across the wrap of the sequence space") {
    LetterMapper m;
    m.feed(Party::A, seg(SYN, 0xFFFFFFF0u, 0));
    m.feed(Party::B, seg(SYN | ACK, 7, 0xFFFFFFF1u));
    m.feed(Party::A, seg(ACK | PSH, 0xFFFFFFF1u, 8, 32));  // wraps to 0x11
    CHECK(*m.progress(Party::A).snd_max == 0x11u);
    CHECK_FALSE(m.feed(Party::B, seg(ACK, 8, 0x11u)).seq_violation);
    CHECK(m.feed(Party::B, seg(ACK, 8, 0x12u)).seq_violation);
  }
}
