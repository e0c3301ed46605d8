// Verdicts and shortest counterexample lengths for the default model and each parameter changed
// alone. Every expected value was derived from MODEL.md before running the tool; the reasoning
// is written beside it.
#include <catch2/catch.hpp>

#include "test_support.hpp"

using namespace finwait;
using checker::Verdict;
using finwait::testing::check;
using finwait::testing::config_from_flags;
using finwait::testing::outcome;
using finwait::model::ModelConfig;

namespace {

struct Golden {
  const char* flags;
  int proper_termination;  // shortest counterexample length, or -1 if it holds
  int graceful;            // shortest counterexample length, or -1 if it holds
  const char* why;
};

void expect(const checker::SafetyReport& r, const std::string& name, int steps) {
  const auto& p = outcome(r, name);
  INFO(name);
  if (steps < 0) {
    CHECK(p.verdict == Verdict::Holds);
  } else {
    REQUIRE(p.verdict == Verdict::Violated);
    CHECK(p.trace->steps.size() == static_cast<std::size_t>(steps));
  }
}

// Shared reasoning.
// no-unexpected holds everywhere: an ACK or FINACK is only ever sent in answer to a FIN the
// receiver really sent, and an endpoint in ESTABLISHED / CLOSE_WAIT has sent none, while one in
// LAST_ACK (a passive closer) never sent the plain FIN that would put its peer in
// CLOSE_WAIT/CLOSING/LAST_ACK, the only states that send FINACK.
//
// graceful with finite R is violated in R+2 steps: close, R retransmits, giveup; nothing is
// shorter because a reset needs a RST, which only a CLOSED endpoint sends, and with abort on a
// single abort suffices.
//
// proper-termination: with loss on, a deadlock has both channels empty (drop is enabled
// otherwise). Every state but FIN_WAIT_2 and CLOSED has an enabled local step (close, a
// retransmit/giveup, 2msl once the channels are empty, abort when on) except B in ESTABLISHED
// with closers=A. So the bad deadlock is "one side in FIN_WAIT_2, the other CLOSED by giving
// up" (the FIN_WAIT_2 hang): A needs close + FIN delivered + ACK delivered (3 steps), B needs a
// close, R retransmits and giveup (R+2), and B's R+1 FINs must all vanish without reaching A
// (a FIN would move A out of FIN_WAIT_2). A full channel loses segments for free: B->A holds
// B's ACK and one FIN of B's, the rest are lost, then one drop removes that FIN.
const Golden kGolden[] = {
    {"", 8, 4, "defaults: 3 (A to FIN_WAIT_2) + 4 (B close, 2 retransmits, giveup) + 1 drop"},
    {"--closers A", 6, 4,
     "B in ESTABLISHED has no enabled step: A close, 2 retransmits (the 2nd lost, channel "
     "full), giveup, then 2 drops empty A->B"},
    {"--abort on", -1, 1,
     "abort is enabled in every state but CLOSED, so deadlocks are both CLOSED and empty; a "
     "single abort closes A with why=abort"},
    {"--channel bag", 8, 4, "the counting argument does not depend on order"},
    {"--capacity 1", 7, 4,
     "B->A holds only the ACK, so all three of B's FINs are lost to the full channel: 3 + 4"},
    {"--capacity 3", 9, 4, "B->A holds the ACK and two of B's FINs: two drops, 3 + 4 + 2"},
    {"--loss off", 10, 4,
     "without drops B's three FINs must all meet a full B->A: two ACKs must fill it, so A "
     "retransmits and B acknowledges twice: close, retransmit, 2 delivers, B close, "
     "2 retransmits, giveup, 2 ACK delivers"},
    {"--dup on", 8, 4, "a dup costs a step, as a drop does; it cannot shorten the default"},
    {"--retries 0", 6, 2,
     "R=0: graceful is close + giveup; the hang is 3 + B close + giveup + 1 drop of B's FIN"},
    {"--retries inf", -1, 10,
     "no giveup: a FIN_WAIT_2 peer can only be CLOSED after receiving our FIN, so no hang. "
     "graceful falls to a reset by a peer that closed first, 10 steps at least: e.g. TIME-WAIT "
     "assassination (A close, FIN delivered, B close, ACK delivered, B retransmits, A gets both "
     "FINACKs and sends two ACKs, B closes on the first and answers the second with RST, which "
     "resets A in TIME_WAIT), or the simultaneous-close run the checker happens to find first"},
    {"--time-wait any", 8, 4, "TIME_WAIT plays no part in either shortest violation"},
    {"--time-wait none", 8, 4, "TIME_WAIT plays no part in either shortest violation"},
    {"--variant rfc1337", 8, 4, "RST in TIME_WAIT plays no part in either shortest violation"},
    {"--fin-wait-2-timeout on", -1, 4,
     "FIN_WAIT_2 now has a step, so every deadlock is both CLOSED with empty channels"},
};

}  // namespace

TEST_CASE("golden verdicts for the default and each parameter changed alone", "[explore]") {
  for (const Golden& g : kGolden) {
    INFO("flags: " << g.flags << " -- " << g.why);
    const auto report = check(config_from_flags(g.flags));
    CHECK(outcome(report, "no-unexpected").verdict == Verdict::Holds);
    expect(report, "proper-termination", g.proper_termination);
    expect(report, "graceful", g.graceful);
  }
}

TEST_CASE("with retries inf, TIME-WAIT assassination is one of graceful's shortest violations",
          "[explore]") {
  // RFC 1337 hazard TWA-1, the 10-step run reasoned out above: B closes on A's first ACK and
  // answers the second with RST, which resets A in TIME_WAIT.
  const std::vector<std::string> run = {
      "A close",          "A->B deliver FIN",    "B close",          "B->A deliver ACK",
      "B retransmit",     "B->A deliver FINACK", "B->A deliver FINACK", "A->B deliver ACK",
      "A->B deliver ACK", "B->A deliver RST"};
  const model::SystemSemantics sys(config_from_flags("--retries inf"));
  const auto trace = finwait::testing::run_steps(sys, run);
  CHECK(trace.state_before(9).at(model::Party::A).st == model::TcpState::TimeWait);
  CHECK(trace.final_state().at(model::Party::A).why == model::Why::Reset);
  CHECK(outcome(check(config_from_flags("--retries inf")), "graceful").trace->steps.size() ==
        run.size());
  // Under RFC 1337 the same run leaves A in TIME_WAIT: the RST is ignored.
  const model::SystemSemantics fixed(config_from_flags("--retries inf --variant rfc1337"));
  const auto kept = finwait::testing::run_steps(fixed, run);
  CHECK(kept.final_state().at(model::Party::A).st == model::TcpState::TimeWait);
}

TEST_CASE("reachability witnesses are shortest", "[explore]") {
  const auto report = check(ModelConfig{}, {"A=TIME_WAIT and B=TIME_WAIT", "A=CLOSING",
                                            "A.why=reset", "A=LAST_ACK and B=LAST_ACK"});
  // Both in TIME_WAIT: two closes, each FIN and each ACK delivered = 6.
  CHECK(outcome(report, "A=TIME_WAIT and B=TIME_WAIT").trace->steps.size() == 6);
  // CLOSING: A close, B close, B's FIN delivered to A in FIN_WAIT_1 = 3.
  CHECK(outcome(report, "A=CLOSING").trace->steps.size() == 3);
  // A reset: B must be CLOSED (close, 2 retransmits, giveup = 4), A must send it something
  // (acknowledging one of B's FINs: 1), B's RST must reach A's head of line: B->A still holds a
  // second FIN of B's ahead of the RST, which must go (1), then the ACK and RST deliveries (2).
  CHECK(outcome(report, "A.why=reset").trace->steps.size() == 8);
  // Both in LAST_ACK needs both passive, but one of them must close first: unreachable.
  CHECK(outcome(report, "A=LAST_ACK and B=LAST_ACK").verdict == Verdict::Unreachable);
}

