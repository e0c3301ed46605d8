// The endpoint statechart: a Boost.MSM functor front-end for the RFC 9293 close sequence.
// Private to model/: only endpoint_chart users (reflection, the live facade) include Boost.MSM.
#pragma once

#include <boost/mpl/vector.hpp>
#include <boost/msm/front/functor_row.hpp>
#include <boost/msm/front/state_machine_def.hpp>
#include <string_view>

#include "finwait/model/reflected_table.hpp"

namespace finwait::model::chart {

namespace mf = boost::msm::front;
namespace mpl = boost::mpl;

// ---- Events --------------------------------------------------------------------------
template <Event E>
struct EventType {
  static constexpr Event id = E;
};
using AppClose = EventType<Event::AppClose>;
using AppAbort = EventType<Event::AppAbort>;
using Retransmit = EventType<Event::Retransmit>;
using GiveUp = EventType<Event::GiveUp>;
using Msl2Expired = EventType<Event::Msl2Expired>;
using Fw2Timeout = EventType<Event::Fw2Timeout>;
using RecvFin = EventType<Event::RecvFin>;
using RecvFinAck = EventType<Event::RecvFinAck>;
using RecvAck = EventType<Event::RecvAck>;
using RecvRst = EventType<Event::RecvRst>;
using RecvFinDelayingAck = EventType<Event::RecvFinDelayingAck>;

// ---- Guards: each is one static predicate, called by MSM and by reflection alike ------
template <class Self>
struct GuardFunctor {
  template <class Ev, class Fsm, class Src, class Tgt>
  bool operator()(Ev const&, Fsm& fsm, Src&, Tgt&) const {
    return Self::holds(fsm.guard_inputs());
  }
};

// MODEL.md: B's close in ESTABLISHED only with closers = both (simultaneous close).
struct CloseAllowed : GuardFunctor<CloseAllowed> {
  static constexpr std::string_view name = "closer";
  static bool holds(const GuardInputs& in) {
    return in.self == Party::A || in.config->closers == Closers::Both;
  }
};
struct AbortEnabled : GuardFunctor<AbortEnabled> {
  static constexpr std::string_view name = "abort=on";
  static bool holds(const GuardInputs& in) { return in.config->abort; }
};
struct RetxBelowLimit : GuardFunctor<RetxBelowLimit> {
  static constexpr std::string_view name = "retx<R";
  static bool holds(const GuardInputs& in) {
    return in.config->retries_infinite() || in.retx < in.config->retries;
  }
};
struct RetxAtLimit : GuardFunctor<RetxAtLimit> {
  static constexpr std::string_view name = "retx=R";
  static bool holds(const GuardInputs& in) {
    return !in.config->retries_infinite() && in.retx == in.config->retries;
  }
};
// 2MSL may expire once the network has forgotten the connection (time_wait = drain) or
// at any time (time_wait = any).
struct NetworkForgotten : GuardFunctor<NetworkForgotten> {
  static constexpr std::string_view name = "2msl-allowed";
  static bool holds(const GuardInputs& in) {
    return in.config->time_wait == TimeWaitMode::Any ||
           (in.config->time_wait == TimeWaitMode::Drain && in.channels_empty);
  }
};
// time_wait = none: TIME_WAIT is left the instant it is entered.
struct TimeWaitSkipped : GuardFunctor<TimeWaitSkipped> {
  static constexpr std::string_view name = "time_wait=none";
  static bool holds(const GuardInputs& in) { return in.config->time_wait == TimeWaitMode::None; }
};
struct Fw2TimeoutEnabled : GuardFunctor<Fw2TimeoutEnabled> {
  static constexpr std::string_view name = "fin_wait_2_timeout=on";
  static bool holds(const GuardInputs& in) { return in.config->fin_wait_2_timeout; }
};
// TRACES.md delayed_ack = on: the ACK of a FIN received in ESTABLISHED may be deferred
// and piggybacked on our own FIN (Linux's "FIN, FIN+ACK, ACK" close).
struct DelayedAckEnabled : GuardFunctor<DelayedAckEnabled> {
  static constexpr std::string_view name = "delayed_ack=on";
  static bool holds(const GuardInputs& in) { return in.config->delayed_ack; }
};
struct Rfc793Variant : GuardFunctor<Rfc793Variant> {
  static constexpr std::string_view name = "variant=rfc793";
  static bool holds(const GuardInputs& in) { return in.config->variant == Variant::Rfc793; }
};
struct Rfc1337Variant : GuardFunctor<Rfc1337Variant> {
  static constexpr std::string_view name = "variant=rfc1337";
  static bool holds(const GuardInputs& in) { return in.config->variant == Variant::Rfc1337; }
};

// ---- Actions: each is one static effect, called by MSM and by reflection alike -------
template <class Self>
struct ActionFunctor {
  template <class Ev, class Fsm, class Src, class Tgt>
  void operator()(Ev const&, Fsm& fsm, Src&, Tgt&) const {
    Self::apply(fsm.vars, *fsm.inputs.config);
  }
};

template <Segment S>
struct Send : ActionFunctor<Send<S>> {
  static constexpr std::string_view names[4] = {"send FIN", "send FINACK", "send ACK",
                                                "send RST"};
  static constexpr std::string_view name = names[static_cast<int>(S)];
  static void apply(EndpointVariables& v, const ModelConfig&) { v.sent = S; }
};
// With R = inf retx is not tracked (MODEL.md), so it stays 0.
struct CountRetransmission : ActionFunctor<CountRetransmission> {
  static constexpr std::string_view name = "retx+=1";
  static void apply(EndpointVariables& v, const ModelConfig& c) {
    if (!c.retries_infinite()) ++v.retx;
  }
};
template <Why W>
struct RecordWhy : ActionFunctor<RecordWhy<W>> {
  static constexpr std::string_view names[5] = {"why=none", "why=graceful", "why=reset",
                                                "why=abort", "why=giveup"};
  static constexpr std::string_view name = names[static_cast<int>(W)];
  static void apply(EndpointVariables& v, const ModelConfig&) { v.why = W; }
};

template <class... Actions>
using Do = mf::ActionSequence_<mpl::vector<Actions...>>;

// ---- States ---------------------------------------------------------------------------
// MODEL.md: retx is non-zero only in FIN_WAIT_1, CLOSING and LAST_ACK; entering any other
// state clears it. That is entry behaviour of those states.
template <TcpState S, bool ClearsRetx>
struct TcpStateNode : mf::state<> {
  static constexpr TcpState id = S;
  static constexpr bool clears_retx = ClearsRetx;
  template <class Ev, class Fsm>
  void on_entry(Ev const&, Fsm& fsm) {
    if constexpr (ClearsRetx) fsm.vars.retx = 0;
  }
};
struct Closed : TcpStateNode<TcpState::Closed, true> {};
struct Established : TcpStateNode<TcpState::Established, true> {};
struct FinWait1 : TcpStateNode<TcpState::FinWait1, false> {};
struct FinWait2 : TcpStateNode<TcpState::FinWait2, true> {};
struct Closing : TcpStateNode<TcpState::Closing, false> {};
struct TimeWait : TcpStateNode<TcpState::TimeWait, true> {};
struct CloseWait : TcpStateNode<TcpState::CloseWait, true> {};
struct LastAck : TcpStateNode<TcpState::LastAck, false> {};

using mf::none;
using mf::Row;
using SendFin = Send<Segment::Fin>;
using SendFinAck = Send<Segment::FinAck>;
using SendAck = Send<Segment::Ack>;
using SendRst = Send<Segment::Rst>;

// ---- The machine ----------------------------------------------------------------------
struct EndpointChart : mf::state_machine_def<EndpointChart> {
  typedef int no_message_queue;
  typedef int no_exception_thrown;
  using initial_state = Established;

  GuardInputs inputs;       // set by the driver before each event
  EndpointVariables vars;   // retx, why, and the segment the last step sent
  bool no_row_fired = false;

  GuardInputs guard_inputs() const {
    GuardInputs in = inputs;
    in.retx = vars.retx;
    return in;
  }

  // Receptions with no row are MODEL.md's "unexpected"; other events are simply not enabled.
  template <class Fsm, class Ev>
  void no_transition(Ev const&, Fsm&, int) {
    no_row_fired = true;
  }

  // Unexpected receptions (MODEL.md reception table) have no row on purpose: no_transition
  // reports them. Rows with the same Start and Event have mutually exclusive guards.
  struct transition_table
      : mpl::vector<
            //  Start        Event        Next       Action                             Guard
            // RFC 9293 3.10.4 CLOSE call
            Row<Established, AppClose,    FinWait1,  SendFin,                           CloseAllowed>,
            Row<CloseWait,   AppClose,    LastAck,   SendFinAck,                        none>,
            // RFC 9293 3.10.5 ABORT call: RST where a connection is still synchronised
            Row<Established, AppAbort,    Closed,    Do<SendRst, RecordWhy<Why::Abort>>, AbortEnabled>,
            Row<FinWait1,    AppAbort,    Closed,    Do<SendRst, RecordWhy<Why::Abort>>, AbortEnabled>,
            Row<FinWait2,    AppAbort,    Closed,    Do<SendRst, RecordWhy<Why::Abort>>, AbortEnabled>,
            Row<CloseWait,   AppAbort,    Closed,    Do<SendRst, RecordWhy<Why::Abort>>, AbortEnabled>,
            Row<Closing,     AppAbort,    Closed,    RecordWhy<Why::Abort>,             AbortEnabled>,
            Row<LastAck,     AppAbort,    Closed,    RecordWhy<Why::Abort>,             AbortEnabled>,
            Row<TimeWait,    AppAbort,    Closed,    RecordWhy<Why::Abort>,             AbortEnabled>,
            // RFC 9293 3.10.8 retransmission timeout: resend our FIN, or give up after R tries
            Row<FinWait1,    Retransmit,  none,      Do<SendFin, CountRetransmission>,    RetxBelowLimit>,
            Row<Closing,     Retransmit,  none,      Do<SendFinAck, CountRetransmission>, RetxBelowLimit>,
            Row<LastAck,     Retransmit,  none,      Do<SendFinAck, CountRetransmission>, RetxBelowLimit>,
            Row<FinWait1,    GiveUp,      Closed,    RecordWhy<Why::Giveup>,            RetxAtLimit>,
            Row<Closing,     GiveUp,      Closed,    RecordWhy<Why::Giveup>,            RetxAtLimit>,
            Row<LastAck,     GiveUp,      Closed,    RecordWhy<Why::Giveup>,            RetxAtLimit>,
            // RFC 9293 3.10.8 time-wait timeout; Linux's orphaned FIN_WAIT_2 timeout
            Row<TimeWait,    Msl2Expired, Closed,    RecordWhy<Why::Graceful>,          NetworkForgotten>,
            Row<TimeWait,    none,        Closed,    RecordWhy<Why::Graceful>,          TimeWaitSkipped>,
            Row<FinWait2,    Fw2Timeout,  Closed,    RecordWhy<Why::Giveup>,            Fw2TimeoutEnabled>,
            // RFC 9293 3.10.7.4 SEGMENT ARRIVES, ESTABLISHED
            Row<Established, RecvFin,     CloseWait, SendAck,                           none>,
            Row<Established, RecvFinDelayingAck, CloseWait, none,                        DelayedAckEnabled>,
            Row<Established, RecvRst,     Closed,    RecordWhy<Why::Reset>,             none>,
            // FIN_WAIT_1: our FIN not yet acknowledged
            Row<FinWait1,    RecvFin,     Closing,   SendAck,                           none>,
            Row<FinWait1,    RecvFinAck,  TimeWait,  SendAck,                           none>,
            Row<FinWait1,    RecvAck,     FinWait2,  none,                              none>,
            Row<FinWait1,    RecvRst,     Closed,    RecordWhy<Why::Reset>,             none>,
            // FIN_WAIT_2: our FIN acknowledged, waiting for the peer's
            Row<FinWait2,    RecvFin,     TimeWait,  SendAck,                           none>,
            Row<FinWait2,    RecvFinAck,  TimeWait,  SendAck,                           none>,
            Row<FinWait2,    RecvAck,     none,      none,                              none>,
            Row<FinWait2,    RecvRst,     Closed,    RecordWhy<Why::Reset>,             none>,
            // CLOSING: simultaneous close, waiting for the ACK of our FIN
            Row<Closing,     RecvFin,     none,      SendAck,                           none>,
            Row<Closing,     RecvFinAck,  TimeWait,  SendAck,                           none>,
            Row<Closing,     RecvAck,     TimeWait,  none,                              none>,
            Row<Closing,     RecvRst,     Closed,    RecordWhy<Why::Reset>,             none>,
            // TIME_WAIT: re-acknowledge retransmitted FINs; RFC 1337 ignores RST here
            Row<TimeWait,    RecvFin,     none,      SendAck,                           none>,
            Row<TimeWait,    RecvFinAck,  none,      SendAck,                           none>,
            Row<TimeWait,    RecvAck,     none,      none,                              none>,
            Row<TimeWait,    RecvRst,     Closed,    RecordWhy<Why::Reset>,             Rfc793Variant>,
            Row<TimeWait,    RecvRst,     none,      none,                              Rfc1337Variant>,
            // CLOSE_WAIT and LAST_ACK: the passive closer
            Row<CloseWait,   RecvFin,     none,      SendAck,                           none>,
            Row<CloseWait,   RecvRst,     Closed,    RecordWhy<Why::Reset>,             none>,
            Row<LastAck,     RecvFin,     none,      SendAck,                           none>,
            Row<LastAck,     RecvAck,     Closed,    RecordWhy<Why::Graceful>,          none>,
            Row<LastAck,     RecvRst,     Closed,    RecordWhy<Why::Reset>,             none>,
            // RFC 9293 3.10.7.1 CLOSED: anything but a RST is answered with a RST
            Row<Closed,      RecvFin,     none,      SendRst,                           none>,
            Row<Closed,      RecvFinAck,  none,      SendRst,                           none>,
            Row<Closed,      RecvAck,     none,      SendRst,                           none>,
            Row<Closed,      RecvRst,     none,      none,                              none>
            > {};
};

}  // namespace finwait::model::chart
