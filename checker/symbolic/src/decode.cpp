// Decoding of Z3 models into states and traces, with the mandatory replay.
#include "finwait/checker/symbolic/decode.hpp"

#include <algorithm>
#include <stdexcept>

namespace finwait::checker::symbolic {

using model::Party;
using model::Segment;

namespace {

int value_of(const z3::model& m, const z3::expr& e) {
  return m.eval(e, true).get_numeral_int();
}

[[noreturn]] void encoding_bug(const std::string& what) {
  throw std::logic_error("Z3 counterexample does not replay on the model (encoding bug): " + what);
}

}  // namespace

model::SystemState read_state(const StateLayout& layout, const z3::model& m, const StateVars& x) {
  model::SystemState s;
  for (Party p : {Party::A, Party::B}) {
    model::EndpointLocal& e = s.at(p);
    e.st = static_cast<model::TcpState>(value_of(m, x[layout.st(p)]));
    e.why = static_cast<model::Why>(value_of(m, x[layout.why(p)]));
    e.retx = layout.tracks_retx() ? static_cast<std::uint8_t>(value_of(m, x[layout.retx(p)])) : 0;
  }
  for (Party sender : {Party::A, Party::B}) {
    model::Channel& ch = s.from(sender);
    if (layout.fifo()) {
      const int len = value_of(m, x[layout.len(sender)]);
      if (len < 0 || len > static_cast<int>(model::kMaxChannelCapacity))
        encoding_bug("channel length out of range");
      ch.size = static_cast<std::uint8_t>(len);
      for (int i = 0; i < len; ++i)
        ch.seq[i] = static_cast<Segment>(value_of(m, x[layout.slot(sender, i)]));
    } else {
      int total = 0;
      for (int l = 0; l < model::kSegmentCount; ++l) {
        const int n = value_of(m, x[layout.count(sender, static_cast<Segment>(l))]);
        if (n < 0 || total + n > static_cast<int>(model::kMaxChannelCapacity))
          encoding_bug("channel count out of the explicit model's range");
        ch.count[l] = static_cast<std::uint8_t>(n);
        total += n;
      }
      ch.size = static_cast<std::uint8_t>(total);
    }
  }
  return s;
}

DecodedTrace decode_path(const TransitionSystem& ts, const z3::model& m,
                         const std::vector<StateVars>& states, const std::vector<z3::expr>& sels,
                         std::optional<std::size_t> cycle_start) {
  std::vector<model::SystemState> values;
  for (const StateVars& x : states) values.push_back(read_state(ts.layout(), m, x));
  DecodedTrace out;
  out.replay_config = ts.config();
  if (ts.config().capacity_infinite()) {
    unsigned needed = 1;
    for (const auto& s : values)
      needed = std::max({needed, unsigned{s.channel[0].size}, unsigned{s.channel[1].size}});
    out.replay_config.capacity = needed;
  }
  const model::SystemSemantics sys(out.replay_config);
  out.trace.initial = values.front();
  out.trace.cycle_start = cycle_start;
  for (std::size_t i = 0; i < sels.size(); ++i) {
    const int sel = value_of(m, sels[i]);
    model::TraceStep step;
    step.state = values[i + 1];
    if (sel == ts.idle_choice()) {
      step.step = model::Step{model::StepKind::Idle, Party::A};
      out.trace.steps.push_back(step);
      continue;
    }
    if (sel < 0 || sel > ts.idle_choice()) encoding_bug("step selector out of range");
    const StepGroup& c = ts.groups()[static_cast<std::size_t>(sel)];
    bool found = false;
    sys.for_each_successor(values[i], [&](const model::Transition& t) {
      if (found || t.step.kind != c.kind || t.step.actor != c.actor) return;
      if (t.step.ack_delayed != c.ack_delayed) return;
      if (c.letter && t.step.letter != *c.letter) return;
      if (!(t.next == values[i + 1])) return;
      step.step = t.step;
      step.sent = t.sent;
      step.unexpected = t.unexpected;
      step.lost_to_full_channel = t.lost_to_full_channel;
      found = true;
    });
    if (!found) encoding_bug("no step of the model matches step " + std::to_string(i + 1));
    out.trace.steps.push_back(step);
  }
  if (auto failure = model::replay(sys, out.trace)) encoding_bug(failure->message);
  return out;
}

}  // namespace finwait::checker::symbolic
