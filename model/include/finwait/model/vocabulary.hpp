// The words of the model: endpoint states, segments, close reasons, parties and events.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace finwait::model {

// RFC 9293 section 3.3.2 states, restricted to the close sequence.
enum class TcpState : std::uint8_t {
  Closed,
  Established,
  FinWait1,
  FinWait2,
  Closing,
  TimeWait,
  CloseWait,
  LastAck,
};
inline constexpr int kTcpStateCount = 8;

// The abstract segment alphabet of MODEL.md "Segments".
enum class Segment : std::uint8_t { Fin, FinAck, Ack, Rst };
inline constexpr int kSegmentCount = 4;

// How CLOSED was entered (MODEL.md "Endpoint state").
enum class Why : std::uint8_t { None, Graceful, Reset, Abort, Giveup };
inline constexpr int kWhyCount = 5;

enum class Party : std::uint8_t { A, B };
inline constexpr Party other(Party p) { return p == Party::A ? Party::B : Party::A; }

// Everything an endpoint statechart reacts to: application calls, timers, receptions.
enum class Event : std::uint8_t {
  AppClose,
  AppAbort,
  Retransmit,
  GiveUp,
  Msl2Expired,
  Fw2Timeout,
  RecvFin,
  RecvFinAck,
  RecvAck,
  RecvRst,
  // The delayed-ACK alternative to RecvFin (TRACES.md delayed_ack): the same FIN arrives,
  // and the endpoint defers its acknowledgement. Without a row it is simply not enabled.
  RecvFinDelayingAck,
};
inline constexpr int kEventCount = 11;
inline constexpr int kLocalEventCount = 6;  // AppClose .. Fw2Timeout

inline constexpr bool is_reception(Event e) { return e >= Event::RecvFin; }
// MODEL.md's "unexpected": a primary reception with no row. An alternative reception
// (RecvFinDelayingAck) without a row is only disabled: the primary one still happens.
inline constexpr bool is_unexpected_when_unhandled(Event e) {
  return e >= Event::RecvFin && e <= Event::RecvRst;
}
inline constexpr Event reception_of(Segment s) {
  return static_cast<Event>(static_cast<int>(Event::RecvFin) + static_cast<int>(s));
}

std::string_view name(TcpState s);    // "FIN_WAIT_1"
std::string_view name(Segment s);     // "FINACK"
std::string_view name(Why w);         // "giveup"
std::string_view name(Party p);       // "A"
std::string_view name(Event e);       // "close", "2msl", "recv FIN"

std::optional<TcpState> parse_tcp_state(std::string_view text);
std::optional<Segment> parse_segment(std::string_view text);
std::optional<Why> parse_why(std::string_view text);
std::optional<Party> parse_party(std::string_view text);

}  // namespace finwait::model
