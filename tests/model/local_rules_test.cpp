// MODEL.md's application and timer rules (close, abort, retransmit, giveup, 2msl, fw2-timeout).
#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <vector>

#include "finwait/model/endpoint_semantics.hpp"
#include "finwait/model/system_state.hpp"

using namespace finwait::model;

namespace {

using enum TcpState;
using enum Segment;
using enum Why;
using enum OutcomeKind;

constexpr std::nullopt_t nothing = std::nullopt;

std::string show(const EndpointOutcome& o) {
  const char* kinds[] = {"disabled", "fired", "unexpected"};
  return std::string(kinds[static_cast<int>(o.kind)]) + ", " + describe_endpoint(o.next) +
         ", sends " + (o.sent ? std::string(name(*o.sent)) : "nothing");
}

EndpointOutcome run(const ModelConfig& config, Party self, const EndpointLocal& from, Event event,
                    bool channels_empty = false) {
  return EndpointSemantics(config).outcome(self, from, event, channels_empty);
}

// A copy: a range-for over a temporary's member would dangle.
std::vector<EndpointLocal> legal_locals(const ModelConfig& config) {
  return LocalStateSpace(config).all();
}

EndpointOutcome disabled(const EndpointLocal& from) { return {Disabled, from, nothing}; }

// Checks `event` from `from` against `want`, saying which case failed.
void expect(const ModelConfig& config, Party self, const EndpointLocal& from, Event event,
            const EndpointOutcome& want, bool channels_empty = false) {
  const EndpointOutcome got = run(config, self, from, event, channels_empty);
  INFO(name(self) << " in " << describe_endpoint(from) << ": " << name(event)
                  << (channels_empty ? " (channels empty)" : "") << "; expected " << show(want)
                  << ", got " << show(got));
  CHECK(got == want);
}

ModelConfig with_closers(Closers closers) {
  ModelConfig c;
  c.closers = closers;
  return c;
}

ModelConfig with_retries(unsigned retries) {
  ModelConfig c;
  c.retries = retries;
  return c;
}

}  // namespace

TEST_CASE("close in ESTABLISHED: A always, B only with closers = both", "[model]") {
  const EndpointOutcome closes{Fired, {FinWait1, 0, None}, Fin};  // send FIN, go to FIN_WAIT_1
  for (Closers closers : {Closers::A, Closers::Both})
    expect(with_closers(closers), Party::A, {Established}, Event::AppClose, closes);
  expect(with_closers(Closers::Both), Party::B, {Established}, Event::AppClose, closes);
  expect(with_closers(Closers::A), Party::B, {Established}, Event::AppClose,
         disabled({Established}));
}

TEST_CASE("close in CLOSE_WAIT is always enabled and sends FINACK", "[model]") {
  // "closers = A disables only B's close in ESTABLISHED; B's close in CLOSE_WAIT stays."
  for (Closers closers : {Closers::A, Closers::Both})
    for (Party self : {Party::A, Party::B})
      expect(with_closers(closers), self, {CloseWait}, Event::AppClose,
             {Fired, {LastAck, 0, None}, FinAck});
}

TEST_CASE("close is disabled outside ESTABLISHED and CLOSE_WAIT", "[model]") {
  const ModelConfig config;
  for (const EndpointLocal& from : legal_locals(config)) {
    if (from.st == Established || from.st == CloseWait) continue;
    for (Party self : {Party::A, Party::B})
      expect(config, self, from, Event::AppClose, disabled(from));
  }
}

TEST_CASE("abort: only with abort = on, never in CLOSED, and RST only while synchronised", "[model]") {
  ModelConfig on;
  on.abort = true;
  const ModelConfig off;
  for (const EndpointLocal& from : legal_locals(on))
    for (Party self : {Party::A, Party::B}) {
      expect(off, self, from, Event::AppAbort, disabled(from));
      if (from.st == Closed) {
        expect(on, self, from, Event::AppAbort, disabled(from));  // "in any state but CLOSED"
        continue;
      }
      // ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT send RST; CLOSING, LAST_ACK,
      // TIME_WAIT send nothing. Entering CLOSED clears retx.
      const bool sends_rst = from.st == Established || from.st == FinWait1 ||
                             from.st == FinWait2 || from.st == CloseWait;
      expect(on, self, from, Event::AppAbort,
             {Fired, {Closed, 0, Abort}, sends_rst ? std::optional{Rst} : nothing});
    }
}

TEST_CASE("retransmit and giveup with R = 0", "[model]") {
  const ModelConfig config = with_retries(0);
  for (TcpState st : {FinWait1, Closing, LastAck}) {
    expect(config, Party::A, {st, 0, None}, Event::Retransmit, disabled({st, 0, None}));  // 0 < 0
    expect(config, Party::A, {st, 0, None}, Event::GiveUp, {Fired, {Closed, 0, Giveup}, nothing});
  }
}

TEST_CASE("retransmit and giveup with R = 2", "[model]") {
  const ModelConfig config = with_retries(2);
  // FIN from FIN_WAIT_1 (peer's FIN not yet received), FINACK from CLOSING and LAST_ACK.
  for (auto [st, fin] : {std::pair{FinWait1, Fin}, std::pair{Closing, FinAck},
                         std::pair{LastAck, FinAck}})
    for (Party self : {Party::A, Party::B}) {
      for (std::uint8_t retx = 0; retx < 2; ++retx) {
        const EndpointLocal from{st, retx, None};
        expect(config, self, from, Event::Retransmit,
               {Fired, {st, static_cast<std::uint8_t>(retx + 1), None}, fin});
        expect(config, self, from, Event::GiveUp, disabled(from));
      }
      const EndpointLocal at_limit{st, 2, None};
      expect(config, self, at_limit, Event::Retransmit, disabled(at_limit));
      expect(config, self, at_limit, Event::GiveUp, {Fired, {Closed, 0, Giveup}, nothing});
    }
}

TEST_CASE("retransmit and giveup with R = inf: retx stays 0, giveup never", "[model]") {
  const ModelConfig config = with_retries(kUnbounded);
  for (auto [st, fin] : {std::pair{FinWait1, Fin}, std::pair{Closing, FinAck},
                         std::pair{LastAck, FinAck}}) {
    expect(config, Party::A, {st, 0, None}, Event::Retransmit, {Fired, {st, 0, None}, fin});
    expect(config, Party::A, {st, 0, None}, Event::GiveUp, disabled({st, 0, None}));
  }
}

TEST_CASE("retransmit and giveup are disabled outside FIN_WAIT_1, CLOSING, LAST_ACK", "[model]") {
  for (unsigned r : {0u, 2u, kUnbounded}) {
    const ModelConfig config = with_retries(r);
    for (const EndpointLocal& from : legal_locals(config)) {
      if (tracks_retx(from.st)) continue;
      expect(config, Party::A, from, Event::Retransmit, disabled(from));
      expect(config, Party::A, from, Event::GiveUp, disabled(from));
    }
  }
}

TEST_CASE("2msl: drain needs empty channels, any does not, and only in TIME_WAIT", "[model]") {
  const EndpointOutcome expires{Fired, {Closed, 0, Graceful}, nothing};
  ModelConfig drain, any;
  drain.time_wait = TimeWaitMode::Drain;
  any.time_wait = TimeWaitMode::Any;
  expect(drain, Party::A, {TimeWait}, Event::Msl2Expired, expires, true);
  expect(drain, Party::A, {TimeWait}, Event::Msl2Expired, disabled({TimeWait}), false);
  expect(any, Party::B, {TimeWait}, Event::Msl2Expired, expires, true);
  expect(any, Party::B, {TimeWait}, Event::Msl2Expired, expires, false);
  for (const ModelConfig& config : {drain, any})
    for (const EndpointLocal& from : legal_locals(config))
      for (bool empty : {false, true})
        if (from.st != TimeWait)
          expect(config, Party::A, from, Event::Msl2Expired, disabled(from), empty);
}

TEST_CASE("time_wait none: no event from any legal state enters TIME_WAIT", "[model]") {
  ModelConfig config;
  config.time_wait = TimeWaitMode::None;
  const EndpointSemantics semantics(config);
  for (const EndpointLocal& from : semantics.locals().all()) {
    if (from.st == TimeWait) continue;  // never entered, so never left either
    for (int e = 0; e < kEventCount; ++e)
      for (bool empty : {false, true})
        for (Party self : {Party::A, Party::B}) {
          const EndpointOutcome got = semantics.outcome(self, from, static_cast<Event>(e), empty);
          INFO(describe_endpoint(from) << ": " << name(static_cast<Event>(e)) << " -> "
                                       << show(got));
          CHECK(got.next.st != TimeWait);
        }
  }
}

TEST_CASE("fw2-timeout: only with fin_wait_2_timeout = on, only in FIN_WAIT_2", "[model]") {
  ModelConfig on;
  on.fin_wait_2_timeout = true;
  const ModelConfig off;
  for (Party self : {Party::A, Party::B}) {
    expect(on, self, {FinWait2}, Event::Fw2Timeout, {Fired, {Closed, 0, Giveup}, nothing});
    expect(off, self, {FinWait2}, Event::Fw2Timeout, disabled({FinWait2}));
  }
  for (const EndpointLocal& from : legal_locals(on))
    if (from.st != FinWait2) expect(on, Party::A, from, Event::Fw2Timeout, disabled(from));
}
