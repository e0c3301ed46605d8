// The 32 cells of MODEL.md's reception table, on the tabulated semantics and on the live MSM machine.
#include <catch2/catch.hpp>

#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "finwait/model/endpoint_semantics.hpp"
#include "finwait/model/live_endpoint.hpp"
#include "finwait/model/system_state.hpp"

using namespace finwait::model;

namespace {

using enum TcpState;
using enum Segment;
using enum Why;
using enum OutcomeKind;

constexpr std::nullopt_t stays = std::nullopt;   // the endpoint's (st, retx, why) is unchanged
constexpr std::nullopt_t nothing = std::nullopt;  // no segment is sent

// One cell of MODEL.md "Reception table", copied from the page, not from the chart.
struct Cell {
  TcpState state;
  Segment segment;
  OutcomeKind kind;
  std::optional<TcpState> next;  // nullopt: stays
  Why why;                       // the reason when `next` is CLOSED, else none
  std::optional<Segment> sends;
};

// variant = rfc793, time_wait = drain or any ("ack" = sends ACK, "ignore" = fired, stays).
const std::vector<Cell> kRfc793Table = {
    // state      segment kind        next       why       sends      MODEL.md cell
    {Established, Fin,    Fired,      CloseWait, None,     Ack},      // ack -> CLOSE_WAIT
    {Established, FinAck, Unexpected, stays,     None,     nothing},  // unexpected
    {Established, Ack,    Unexpected, stays,     None,     nothing},  // unexpected
    {Established, Rst,    Fired,      Closed,    Reset,    nothing},  // -> CLOSED (reset)
    {FinWait1,    Fin,    Fired,      Closing,   None,     Ack},      // ack -> CLOSING
    {FinWait1,    FinAck, Fired,      TimeWait,  None,     Ack},      // ack -> TIME_WAIT
    {FinWait1,    Ack,    Fired,      FinWait2,  None,     nothing},  // -> FIN_WAIT_2
    {FinWait1,    Rst,    Fired,      Closed,    Reset,    nothing},  // -> CLOSED (reset)
    {FinWait2,    Fin,    Fired,      TimeWait,  None,     Ack},      // ack -> TIME_WAIT
    {FinWait2,    FinAck, Fired,      TimeWait,  None,     Ack},      // ack -> TIME_WAIT
    {FinWait2,    Ack,    Fired,      stays,     None,     nothing},  // ignore
    {FinWait2,    Rst,    Fired,      Closed,    Reset,    nothing},  // -> CLOSED (reset)
    {Closing,     Fin,    Fired,      stays,     None,     Ack},      // ack, stay
    {Closing,     FinAck, Fired,      TimeWait,  None,     Ack},      // ack -> TIME_WAIT
    {Closing,     Ack,    Fired,      TimeWait,  None,     nothing},  // -> TIME_WAIT
    {Closing,     Rst,    Fired,      Closed,    Reset,    nothing},  // -> CLOSED (reset)
    {TimeWait,    Fin,    Fired,      stays,     None,     Ack},      // ack, stay
    {TimeWait,    FinAck, Fired,      stays,     None,     Ack},      // ack, stay
    {TimeWait,    Ack,    Fired,      stays,     None,     nothing},  // ignore
    {TimeWait,    Rst,    Fired,      Closed,    Reset,    nothing},  // -> CLOSED (reset)
    {CloseWait,   Fin,    Fired,      stays,     None,     Ack},      // ack, stay
    {CloseWait,   FinAck, Unexpected, stays,     None,     nothing},  // unexpected
    {CloseWait,   Ack,    Unexpected, stays,     None,     nothing},  // unexpected
    {CloseWait,   Rst,    Fired,      Closed,    Reset,    nothing},  // -> CLOSED (reset)
    {LastAck,     Fin,    Fired,      stays,     None,     Ack},      // ack, stay
    {LastAck,     FinAck, Unexpected, stays,     None,     nothing},  // unexpected
    {LastAck,     Ack,    Fired,      Closed,    Graceful, nothing},  // -> CLOSED (graceful)
    {LastAck,     Rst,    Fired,      Closed,    Reset,    nothing},  // -> CLOSED (reset)
    {Closed,      Fin,    Fired,      stays,     None,     Rst},      // send RST
    {Closed,      FinAck, Fired,      stays,     None,     Rst},      // send RST
    {Closed,      Ack,    Fired,      stays,     None,     Rst},      // send RST
    {Closed,      Rst,    Fired,      stays,     None,     nothing},  // ignore
};

// variant = rfc1337: "TIME_WAIT | RST | rfc1337: ignore".
const Cell kRfc1337TimeWaitRst = {TimeWait, Rst, Fired, stays, None, nothing};

std::vector<Cell> table_for(const ModelConfig& config) {
  std::vector<Cell> cells;
  for (Cell c : kRfc793Table) {
    if (config.variant == Variant::Rfc1337 && c.state == TimeWait && c.segment == Rst)
      c = kRfc1337TimeWaitRst;
    // time_wait = none: "every rule that enters TIME_WAIT enters CLOSED (why = graceful)
    // instead, and still sends the ACK it names". TIME_WAIT itself is then unreachable, and
    // MODEL.md says nothing about its row, so it is left out.
    if (config.time_wait == TimeWaitMode::None) {
      if (c.state == TimeWait) continue;
      if (c.next == TimeWait) c = {c.state, c.segment, Fired, Closed, Graceful, c.sends};
    }
    cells.push_back(c);
  }
  return cells;
}

std::string show(const EndpointOutcome& o) {
  const char* kinds[] = {"disabled", "fired", "unexpected"};
  return std::string(kinds[static_cast<int>(o.kind)]) + ", " + describe_endpoint(o.next) +
         ", sends " + (o.sent ? std::string(name(*o.sent)) : "nothing");
}

// The outcome a cell names, starting from `from` (retx 0; CLOSED with any reason).
EndpointOutcome expected_outcome(const Cell& c, const EndpointLocal& from) {
  EndpointOutcome out{c.kind, from, c.sends};
  if (c.next) out.next = EndpointLocal{*c.next, 0, c.why};
  return out;
}

std::vector<EndpointLocal> starts_in(TcpState st) {
  if (st != Closed) return {EndpointLocal{st, 0, None}};
  return {{Closed, 0, Graceful}, {Closed, 0, Reset}, {Closed, 0, Abort}, {Closed, 0, Giveup}};
}

// Checks every cell on both parties, both channels_empty values, tabulated and live.
void check_table(const ModelConfig& config, const std::vector<Cell>& cells) {
  const EndpointSemantics semantics(config);
  for (Party self : {Party::A, Party::B}) {
    LiveEndpoint live(config, self);
    for (const Cell& c : cells)
      for (const EndpointLocal& from : starts_in(c.state))
        for (bool empty : {false, true}) {
          const Event event = reception_of(c.segment);
          const EndpointOutcome want = expected_outcome(c, from);
          INFO(name(self) << " in " << describe_endpoint(from) << " receives " << name(c.segment)
                          << (empty ? " (channels empty)" : "") << "; expected " << show(want));
          const EndpointOutcome tabulated = semantics.outcome(self, from, event, empty);
          INFO("tabulated: " << show(tabulated));
          CHECK(tabulated == want);
          live.restore(from);
          const EndpointOutcome machine = live.process(event, empty);
          INFO("live MSM: " << show(machine));
          CHECK(machine == want);
        }
  }
}

ModelConfig with_time_wait(TimeWaitMode mode, Variant variant = Variant::Rfc793) {
  ModelConfig c;
  c.time_wait = mode;
  c.variant = variant;
  return c;
}

}  // namespace

TEST_CASE("the oracle has one cell per state and segment", "[model]") {
  std::set<std::pair<TcpState, Segment>> seen;
  for (const Cell& c : kRfc793Table) seen.insert({c.state, c.segment});
  CHECK(kRfc793Table.size() == 32);
  CHECK(seen.size() == 32);
}

TEST_CASE("reception table, variant rfc793, time_wait drain and any", "[model]") {
  for (TimeWaitMode mode : {TimeWaitMode::Drain, TimeWaitMode::Any}) {
    const ModelConfig config = with_time_wait(mode);
    check_table(config, table_for(config));
  }
}

TEST_CASE("reception table, variant rfc1337: only TIME_WAIT + RST differs", "[model]") {
  for (TimeWaitMode mode : {TimeWaitMode::Drain, TimeWaitMode::Any}) {
    const ModelConfig config = with_time_wait(mode, Variant::Rfc1337);
    const std::vector<Cell> cells = table_for(config);
    int differing = 0;
    for (std::size_t i = 0; i < cells.size(); ++i)
      differing += cells[i].next != kRfc793Table[i].next || cells[i].why != kRfc793Table[i].why;
    CHECK(differing == 1);
    check_table(config, cells);
  }
}

TEST_CASE("reception table, time_wait none: TIME_WAIT becomes CLOSED (graceful), ACK still sent",
          "[model]") {
  for (Variant variant : {Variant::Rfc793, Variant::Rfc1337}) {
    const ModelConfig config = with_time_wait(TimeWaitMode::None, variant);
    const std::vector<Cell> cells = table_for(config);
    // FIN_WAIT_1+FINACK, FIN_WAIT_2+FIN, FIN_WAIT_2+FINACK, CLOSING+FINACK, CLOSING+ACK enter
    // TIME_WAIT in the table; the first four also send ACK.
    int graceful = 0, graceful_with_ack = 0;
    for (const Cell& c : cells) {
      if (c.next != Closed || c.why != Graceful || c.state == LastAck) continue;
      ++graceful;
      graceful_with_ack += c.sends == Ack;
    }
    CHECK(graceful == 5);
    CHECK(graceful_with_ack == 4);
    CHECK(cells.size() == 28);  // TIME_WAIT's own row is unreachable
    check_table(config, cells);
  }
}

TEST_CASE("retx: FIN_WAIT_1 -> CLOSING keeps it, staying keeps it, other transitions clear it",
          "[model]") {
  const ModelConfig config;  // R = 2
  const EndpointSemantics semantics(config);
  SECTION("named cases") {
    // FIN_WAIT_1 retx=1 receives FIN: ack -> CLOSING, and "FIN_WAIT_1 -> CLOSING keeps it".
    CHECK(semantics.outcome(Party::A, {FinWait1, 1, None}, Event::RecvFin, false) ==
          EndpointOutcome{Fired, {Closing, 1, None}, Ack});
    // CLOSING retx=2 receives ACK: -> TIME_WAIT, which is "any other state": retx 0.
    CHECK(semantics.outcome(Party::A, {Closing, 2, None}, Event::RecvAck, false) ==
          EndpointOutcome{Fired, {TimeWait, 0, None}, nothing});
    // LAST_ACK retx=2 receives ACK: -> CLOSED (graceful), retx 0.
    CHECK(semantics.outcome(Party::B, {LastAck, 2, None}, Event::RecvAck, true) ==
          EndpointOutcome{Fired, {Closed, 0, Graceful}, nothing});
    // FIN_WAIT_1 retx=2 receives ACK: -> FIN_WAIT_2, retx 0.
    CHECK(semantics.outcome(Party::A, {FinWait1, 2, None}, Event::RecvAck, false) ==
          EndpointOutcome{Fired, {FinWait2, 0, None}, nothing});
  }
  SECTION("every retx value of every retx-tracking state") {
    for (const Cell& c : table_for(config)) {
      if (c.state != FinWait1 && c.state != Closing && c.state != LastAck) continue;
      for (std::uint8_t retx = 0; retx <= 2; ++retx) {
        const EndpointLocal from{c.state, retx, None};
        EndpointOutcome want = expected_outcome(c, from);
        if (c.state == FinWait1 && c.next == Closing) want.next.retx = retx;
        INFO(describe_endpoint(from) << " receives " << name(c.segment) << "; expected "
                                     << show(want));
        const EndpointOutcome got = semantics.outcome(Party::A, from, reception_of(c.segment), false);
        INFO("got " << show(got));
        CHECK(got == want);
      }
    }
  }
  SECTION("time_wait none: CLOSING retx=2 + ACK -> CLOSED (graceful) with retx 0") {
    const ModelConfig none = with_time_wait(TimeWaitMode::None);
    CHECK(EndpointSemantics(none).outcome(Party::A, {Closing, 2, None}, Event::RecvAck, false) ==
          EndpointOutcome{Fired, {Closed, 0, Graceful}, nothing});
  }
}
