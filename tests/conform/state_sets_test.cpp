// The set-of-states simulation (TRACES.md "Observation semantics") on letter sequences
// worked out by hand from MODEL.md.
#include <catch2/catch.hpp>

#include "finwait/conform/state_sets.hpp"
#include "finwait/conform/witness.hpp"
#include "finwait/model/config.hpp"

using namespace finwait::conform;
using finwait::model::ModelConfig;
using finwait::model::Party;
using finwait::model::Segment;
using finwait::model::SystemSemantics;

namespace {

constexpr Observation AFIN{Party::A, Segment::Fin}, AACK{Party::A, Segment::Ack}, ARST{Party::A, Segment::Rst}, BFIN{Party::B, Segment::Fin},
    BFINACK{Party::B, Segment::FinAck}, BACK{Party::B, Segment::Ack}, BRST{Party::B, Segment::Rst};

ModelConfig with(const std::vector<std::pair<std::string, std::string>>& changes) {
  ModelConfig c;
  for (const auto& [k, v] : changes) finwait::model::set_parameter(c, k, v, k);
  return c;
}

// The number of letters explained before the first that no run explains (= size if all are).
std::size_t explained(const ModelConfig& config, const std::vector<Observation>& letters) {
  const SystemSemantics sys(config);
  StateSets sets(sys);
  SetId s = sets.initial();
  for (std::size_t i = 0; i < letters.size(); ++i)
    if ((s = sets.after(s, letters[i])) == kEmptySet) return i;
  // Every explained sequence has a witness whose sends spell it.
  std::vector<ObservedLetter> observed;
  for (const auto& l : letters) observed.push_back({l, 0});
  const auto w = find_witness(sys, observed);
  REQUIRE(w);
  CHECK(sends_spell(w->trace, letters));
  CHECK_FALSE(finwait::model::replay(sys, w->trace));
  return letters.size();
}

}  // namespace

TEST_CASE("the textbook closes conform under rfc793", "[conform]") {
  const ModelConfig d;
  CHECK(explained(d, {AFIN, BACK, BFINACK, AACK}) == 4);          // four-way close
  CHECK(explained(d, {AFIN, BFIN, AACK, BACK}) == 4);             // simultaneous close
  CHECK(explained(d, {AFIN, AFIN, BACK, BFINACK, AACK}) == 5);    // FIN retransmitted
  CHECK(explained(d, {AFIN, BACK, BFINACK, AACK, BFINACK, AACK}) == 6);  // lost final ACK
  CHECK(explained(d, {}) == 0);
}

TEST_CASE("three FIN retransmissions exceed retries 2", "[conform]") {
  CHECK(explained(ModelConfig{}, {AFIN, AFIN, AFIN, AFIN}) == 3);
  CHECK(explained(with({{"retries", "inf"}}), {AFIN, AFIN, AFIN, AFIN}) == 4);
}

TEST_CASE("the delayed-ACK three-way close needs --delayed-ack on", "[conform]") {
  // B's FINACK comes from CLOSE_WAIT, which B reaches only by acknowledging A's FIN.
  CHECK(explained(ModelConfig{}, {AFIN, BFINACK, AACK}) == 1);
  CHECK(explained(with({{"delayed_ack", "on"}}), {AFIN, BFINACK, AACK}) == 3);
}

TEST_CASE("RSTs from ESTABLISHED need abort on", "[conform]") {
  CHECK(explained(ModelConfig{}, {ARST}) == 0);
  CHECK(explained(with({{"abort", "on"}}), {ARST}) == 1);
  CHECK(explained(with({{"abort", "on"}}), {BRST}) == 1);
}

TEST_CASE("a RST answers a segment only in CLOSED", "[conform]") {
  // A's FIN_WAIT_2 times out (fw2-timeout), then B's FIN is answered with a RST.
  const std::vector<Observation> letters{AFIN, BACK, BFINACK, ARST};
  CHECK(explained(ModelConfig{}, letters) == 3);
  CHECK(explained(with({{"fin_wait_2_timeout", "on"}}), letters) == 4);
  CHECK(explained(with({{"abort", "on"}}), letters) == 4);  // A aborts in FIN_WAIT_2
}

TEST_CASE("a FIN after one's own RST is never explained", "[conform]") {
  const ModelConfig lx = with({{"abort", "on"}, {"retries", "inf"},
                                  {"fin_wait_2_timeout", "on"}, {"delayed_ack", "on"}});
  CHECK(explained(lx, {ARST, AFIN}) == 1);
}

TEST_CASE("state sets are interned: the same letters reach the same set id", "[conform]") {
  const SystemSemantics sys{ModelConfig{}};
  StateSets sets(sys);
  const SetId a = sets.after(sets.after(sets.initial(), AFIN), BACK);
  const std::size_t count = sets.set_count();
  const SetId b = sets.after(sets.after(sets.initial(), AFIN), BACK);
  CHECK(a == b);
  CHECK(sets.set_count() == count);
  CHECK(a != kEmptySet);
}
