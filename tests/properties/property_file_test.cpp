// Property files: directives, fairness declarations, claim kinds, and error locations.
#include <catch2/catch.hpp>

#include "finwait/model/input_error.hpp"
#include "finwait/properties/property_file.hpp"

using namespace finwait::properties;

namespace {
std::string error_of(const std::string& text) {
  try {
    parse_property_text(text, "p", "p.prop");
  } catch (const finwait::InputError& e) {
    return e.where() + ": " + e.what();
  }
  return "no error";
}
}  // namespace

TEST_CASE("claims are sorted into invariants, queries and temporal claims", "[properties]") {
  CHECK(parse_property_text("claim: always A != LAST_ACK\n", "p", "p.prop").kind == ClaimKind::Invariant);
  CHECK(parse_property_text("reachable: A = CLOSING\n", "p", "p.prop").kind == ClaimKind::Reachable);
  CHECK(parse_property_text("claim: eventually A = CLOSED\n", "p", "p.prop").kind == ClaimKind::Temporal);
  // `always` over a temporal formula is not an invariant
  CHECK(parse_property_text("claim: always eventually A = CLOSED\n", "p", "p.prop").kind ==
        ClaimKind::Temporal);
}

TEST_CASE("fairness declarations start from MODEL.md's and can be changed per class", "[properties]") {
  const auto def = parse_property_text("claim: eventually A = CLOSED\n", "p", "p.prop");
  CHECK(def.fairness == FairnessSpec::model_default());
  const auto spec = parse_property_text(
      "# meaning\nfairness: none\nweak: close(A), timers\nstrong: deliver(B->A)\nunfair: giveup\n"
      "claim: eventually A = CLOSED\n", "p", "p.prop");
  CHECK(spec.meaning == "meaning");
  CHECK(spec.fairness.describe() ==
        "weak: close(A) retransmit(A) retransmit(B) 2msl(A) 2msl(B) fw2-timeout(A) fw2-timeout(B); "
        "strong: deliver(B->A)");
}

TEST_CASE("errors name the file, line and column", "[properties]") {
  // "claim: " is 7 characters, so the formula starts in column 8; FIN_WAIT_3 is at 8 + 4 = 12.
  CHECK(error_of("claim: A = FIN_WAIT_3\n") == "p.prop:1:12: expected a TCP state such as FIN_WAIT_2, found 'FIN_WAIT_3'");
  // a continuation line: the bad token is at column 8 of line 3
  CHECK(error_of("# x\nclaim: always (A = CLOSED\n   and B = CLOSD)\n") ==
        "p.prop:3:12: expected a TCP state such as FIN_WAIT_2, found 'CLOSD'");
  CHECK(error_of("claim: eventually (A = CLOSED\n") == "p.prop:1:30: expected ')' at end of input");
  CHECK(error_of("weak: teleport\nclaim: true\n").rfind("p.prop:1: unknown step class 'teleport'", 0) == 0);
  CHECK(error_of("fairness: some\nclaim: true\n") == "p.prop:1: fairness is 'default' or 'none', not 'some'");
  CHECK(error_of("# only a comment\n") == "p.prop: no 'claim:' or 'reachable:' line");
  CHECK(error_of("claim: true\nclaim: false\n") == "p.prop:2: a property file holds one claim");
  CHECK(error_of("reachable: eventually A = CLOSED\n") ==
        "p.prop:1: reachable takes a condition on one state, without temporal operators");
  CHECK(error_of("assert: true\n").rfind("p.prop:1: unknown directive 'assert'", 0) == 0);
}

TEST_CASE("the shipped library parses and names its files", "[properties]") {
  const auto names = library_names();
  for (const char* n : {"no-unexpected", "proper-termination", "graceful", "terminates", "quiescent",
                        "no-fin-wait-2-hang", "no-close-wait-hang", "no-close-wait-hang-lazy-app",
                        "time-wait-before-closed", "no-half-open", "simultaneous-close-reaches-closing"})
    CHECK(std::find(names.begin(), names.end(), n) != names.end());
  for (const auto& n : names) {
    INFO(n);
    const auto spec = resolve_property(n);
    CHECK_FALSE(spec.meaning.empty());
  }
}
