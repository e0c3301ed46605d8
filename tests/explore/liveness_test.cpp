// Liveness under fairness: corner cases of the fairness rules, library verdicts, and lassos.
#include <catch2/catch.hpp>

#include "finwait/checker/check_properties.hpp"
#include "finwait/checker/lasso_check.hpp"
#include "finwait/checker/liveness_check.hpp"
#include "finwait/properties/property_file.hpp"
#include "test_support.hpp"

using namespace finwait;
using checker::Verdict;
using finwait::testing::config_from_flags;

namespace {

checker::PropertyOutcome live(const std::string& flags, const std::string& property_text) {
  const model::SystemSemantics sys(config_from_flags(flags));
  const auto graph = checker::StateGraph::explore(sys, {});
  const auto spec = properties::parse_property_text(property_text, "test", "test.prop");
  auto out = checker::check_liveness(graph, "test", spec.claim, spec.fairness);
  if (out.trace) {
    REQUIRE_FALSE(model::replay(sys, *out.trace).has_value());
    REQUIRE_FALSE(checker::lasso_problem(sys, *out.trace, spec.claim, spec.fairness).has_value());
  }
  return out;
}

bool stops_forever(const model::Trace& t) {
  for (std::size_t i = *t.cycle_start; i < t.steps.size(); ++i)
    if (t.steps[i].step.kind != model::StepKind::Idle) return false;
  return true;
}

const char* kTerminates = "claim: eventually (A = CLOSED and B = CLOSED)\n";

}  // namespace

TEST_CASE("a deadlock is a place where a run stops for good", "[explore]") {
  // Default: B gives up, A waits in FIN_WAIT_2 with empty channels: no step at all is enabled.
  const auto out = live("", kTerminates);
  REQUIRE(out.verdict == Verdict::Violated);
  CHECK(stops_forever(*out.trace));
  CHECK(out.trace->final_state().at(model::Party::A).st == model::TcpState::FinWait2);
  CHECK_THAT(out.notes.front(), Catch::Matchers::Contains("stops here forever"));
}

TEST_CASE("a state where only abort is enabled is one where a run may stop", "[explore]") {
  // MODEL.md: abort has no fairness, so "the application may abort, but need not".
  const auto out = live("--abort on", kTerminates);
  REQUIRE(out.verdict == Verdict::Violated);
  REQUIRE(stops_forever(*out.trace));
  const model::SystemSemantics sys(config_from_flags("--abort on"));
  const auto enabled = sys.successors(out.trace->final_state());
  REQUIRE_FALSE(enabled.empty());
  for (const auto& t : enabled) CHECK(t.step.kind == model::StepKind::Abort);
}

TEST_CASE("a cycle fair only without strong fairness of delivery", "[explore]") {
  // retries inf: A retransmits forever. With strong fairness, a FIN offered again and again is
  // delivered, so both sides close. With weak fairness only, "retransmit, drop" forever is fair:
  // delivery is disabled each time the channel is empty again.
  CHECK(live("--retries inf", kTerminates).verdict == Verdict::Holds);
  const auto weak = live("--retries inf", std::string("weak: deliver\n") + kTerminates);
  REQUIRE(weak.verdict == Verdict::Violated);
  CHECK_FALSE(stops_forever(*weak.trace));
  bool drops = false;
  for (std::size_t i = *weak.trace->cycle_start; i < weak.trace->steps.size(); ++i)
    drops = drops || weak.trace->steps[i].step.kind == model::StepKind::Drop;
  CHECK(drops);
}

TEST_CASE("without fairness a run may stop at once", "[explore]") {
  const auto out = live("", std::string("fairness: none\n") + kTerminates);
  REQUIRE(out.verdict == Verdict::Violated);
  CHECK(out.trace->steps.size() == 1);  // one idle step in the initial state, forever
  CHECK(stops_forever(*out.trace));
}

TEST_CASE("weak fairness of a timer forces it", "[explore]") {
  // Under default fairness an endpoint in TIME_WAIT with empty channels must eventually fire
  // 2msl: "always (A = TIME_WAIT implies eventually A = CLOSED)" holds with loss on (drops can
  // empty the channels but need not: strong delivery empties them) ...
  CHECK(live("", "claim: always (A = TIME_WAIT implies eventually A = CLOSED)\n").verdict ==
        Verdict::Holds);
  // ... and fails once the timers lose their fairness.
  CHECK(live("", "unfair: timers\nclaim: always (A = TIME_WAIT implies eventually A = CLOSED)\n")
            .verdict == Verdict::Violated);
}

TEST_CASE("library verdicts, with the reasoning", "[explore]") {
  struct Case {
    const char* flags;
    const char* property;
    Verdict verdict;
    const char* why;
  };
  const Case cases[] = {
      {"", "terminates", Verdict::Violated,
       "the FIN_WAIT_2 hang: B gives up, A's FIN_WAIT_2 has no timer (the safety deadlock again)"},
      {"--fin-wait-2-timeout on", "terminates", Verdict::Holds,
       "every state but CLOSED now has a fair step, and fair delivery plus bounded retries end "
       "every retransmission loop"},
      {"--retries inf", "terminates", Verdict::Holds,
       "no giveup, so no FIN_WAIT_2 hang; strong delivery gets every retransmitted FIN through"},
      {"--dup on", "terminates", Verdict::Violated,
       "duplication has no fairness but may go on forever, keeping a channel non-empty so that "
       "TIME_WAIT's 2msl (drain) is never enabled for good"},
      {"", "no-close-wait-hang", Verdict::Holds, "close is weakly fair and always enabled in CLOSE_WAIT"},
      {"", "no-close-wait-hang-lazy-app", Verdict::Violated,
       "without fairness for close, CLOSE_WAIT may last forever (the CLOSE_WAIT leak)"},
      {"--fin-wait-2-timeout on", "no-fin-wait-2-hang", Verdict::Holds,
       "fw2-timeout is a weakly fair timer, always enabled in FIN_WAIT_2"},
      {"", "time-wait-before-closed", Verdict::Holds,
       "graceful CLOSED from FIN_WAIT_1/2 or CLOSING is only reachable through TIME_WAIT"},
      {"--time-wait none", "time-wait-before-closed", Verdict::Violated,
       "with time_wait=none the rules that would enter TIME_WAIT enter CLOSED directly"},
      {"", "no-half-open", Verdict::Holds,
       "a graceful close needs the peer's FIN or the peer's ACK of ours, so the peer has left "
       "ESTABLISHED"},
      {"--closers A", "simultaneous-close-reaches-closing", Verdict::Unreachable,
       "CLOSING needs a FIN received in FIN_WAIT_1, i.e. both sides closing actively"},
  };
  for (const Case& c : cases) {
    INFO(c.flags << " " << c.property << ": " << c.why);
    const model::SystemSemantics sys(config_from_flags(c.flags));
    const auto report =
        checker::check_properties(sys, {properties::resolve_property(c.property)}, {}, {});
    CHECK(report.properties[0].verdict == c.verdict);
  }
}

TEST_CASE("every lasso of the library replays and violates its claim, over a grid", "[explore]") {
  const char* grid[] = {"",  "--abort on", "--channel bag", "--dup on", "--loss off", "--retries 0",
                        "--retries inf", "--time-wait any", "--time-wait none", "--closers A",
                        "--fin-wait-2-timeout on", "--variant rfc1337", "--channel bag --dup on --abort on",
                        "--capacity 1 --loss off", "--capacity 3 --retries 1"};
  std::size_t lassos = 0;
  for (const char* flags : grid) {
    const model::SystemSemantics sys(config_from_flags(flags));
    const auto graph = checker::StateGraph::explore(sys, {});
    for (const auto& name : properties::library_names()) {
      const auto spec = properties::resolve_property(name);
      if (spec.kind != properties::ClaimKind::Temporal) continue;
      const auto out = checker::check_liveness(graph, name, spec.claim, spec.fairness);
      if (!out.trace) continue;
      ++lassos;
      INFO(flags << " " << name);
      CHECK_FALSE(model::replay(sys, *out.trace).has_value());
      CHECK_FALSE(checker::lasso_problem(sys, *out.trace, spec.claim, spec.fairness).has_value());
    }
  }
  CHECK(lassos > 40);
}
