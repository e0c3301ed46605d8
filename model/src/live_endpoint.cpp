// The Boost.MSM back-end for the endpoint chart, behind LiveEndpoint's Boost-free interface.
//
// This TU is compiled as C++17 (see model/CMakeLists.txt): Boost 1.74's back-end declares its
// constructors as `state_machine<A0,...>()`, which C++20 (and so GCC 12 with -std=c++20) rejects.
#include "finwait/model/live_endpoint.hpp"

#include <array>
#include <boost/mpl/for_each.hpp>
#include <boost/msm/back/state_machine.hpp>
#include <boost/msm/back/tools.hpp>
#include <boost/serialization/base_object.hpp>
#include <cassert>

#include "endpoint_chart.hpp"

namespace finwait::model {
namespace {

namespace msmb = boost::msm::back;
using Machine = msmb::state_machine<chart::EndpointChart>;
using Stt = Machine::stt;

template <class T>
struct Tag {};

// TcpState <-> the back-end's state ids (order of first appearance in the table).
struct StateIds {
  std::array<int, kTcpStateCount> msm_id{};
  std::array<TcpState, kTcpStateCount> by_msm_id{};

  StateIds() {
    boost::mpl::for_each<chart::EndpointChart::transition_table, Tag<boost::mpl::_1>>(
        RowVisitor{this});
  }
  struct RowVisitor {
    StateIds* ids;
    template <class Row>
    void operator()(Tag<Row>) const {
      ids->note<typename Row::Source>();
      if constexpr (!std::is_same_v<typename Row::Target, chart::none>)
        ids->note<typename Row::Target>();
    }
  };
  template <class State>
  void note() {
    constexpr int id = msmb::get_state_id<Stt, State>::value;
    static_assert(id >= 0 && id < kTcpStateCount);
    msm_id[static_cast<int>(State::id)] = id;
    by_msm_id[id] = State::id;
  }
};

const StateIds& state_ids() {
  static const StateIds ids;
  return ids;
}

// MSM 1.74 keeps the active state private; its public serialize() member is the supported
// way to restore it. This archive writes only the active-state array and ignores the rest.
struct ActiveStateWriter {
  int id;
  template <class T>
  ActiveStateWriter& operator&(T&) {
    return *this;
  }
  ActiveStateWriter& operator&(int (&states)[1]) {
    states[0] = id;
    return *this;
  }
};

template <class Ev>
msmb::HandledEnum feed(Machine& m) {
  return m.process_event(Ev{});
}

msmb::HandledEnum dispatch(Machine& m, Event e) {
  switch (e) {
    case Event::AppClose: return feed<chart::AppClose>(m);
    case Event::AppAbort: return feed<chart::AppAbort>(m);
    case Event::Retransmit: return feed<chart::Retransmit>(m);
    case Event::GiveUp: return feed<chart::GiveUp>(m);
    case Event::Msl2Expired: return feed<chart::Msl2Expired>(m);
    case Event::Fw2Timeout: return feed<chart::Fw2Timeout>(m);
    case Event::RecvFin: return feed<chart::RecvFin>(m);
    case Event::RecvFinAck: return feed<chart::RecvFinAck>(m);
    case Event::RecvAck: return feed<chart::RecvAck>(m);
    case Event::RecvRst: return feed<chart::RecvRst>(m);
    case Event::RecvFinDelayingAck: return feed<chart::RecvFinDelayingAck>(m);
  }
  assert(false && "unknown event");
  return msmb::HANDLED_FALSE;
}

}  // namespace

struct LiveEndpoint::Impl {
  ModelConfig config;
  Machine machine;
};

LiveEndpoint::LiveEndpoint(const ModelConfig& config, Party self)
    : m_impl(std::make_unique<Impl>()) {
  m_impl->config = config;
  m_impl->machine.inputs = GuardInputs{&m_impl->config, self, 0, false};
  m_impl->machine.start();
}

LiveEndpoint::~LiveEndpoint() = default;

void LiveEndpoint::restore(const EndpointLocal& local) {
  ActiveStateWriter writer{state_ids().msm_id[static_cast<int>(local.st)]};
  m_impl->machine.serialize(writer, 0);
  m_impl->machine.vars = EndpointVariables{local.retx, local.why, std::nullopt};
}

EndpointLocal LiveEndpoint::local() const {
  const Machine& m = m_impl->machine;
  return {state_ids().by_msm_id[m.current_state()[0]], m.vars.retx, m.vars.why};
}

EndpointOutcome LiveEndpoint::process(Event event, bool channels_empty) {
  Machine& m = m_impl->machine;
  const EndpointLocal before = local();
  m.inputs.channels_empty = channels_empty;
  m.vars.sent.reset();
  m.no_row_fired = false;
  const msmb::HandledEnum handled = dispatch(m, event);

  EndpointOutcome out;
  if (handled == msmb::HANDLED_TRUE) {
    out.kind = OutcomeKind::Fired;
    out.next = local();
    out.sent = m.vars.sent;
  } else {
    // No row fired (none exists, or every guard rejected): nothing may have changed.
    assert(local() == before);
    out.kind = is_unexpected_when_unhandled(event) ? OutcomeKind::Unexpected : OutcomeKind::Disabled;
    out.next = before;
  }
  return out;
}

}  // namespace finwait::model
