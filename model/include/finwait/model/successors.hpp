// The system's step function: every successor of a state, per MODEL.md "Steps".
#pragma once

#include <vector>

#include "finwait/model/channel.hpp"
#include "finwait/model/config.hpp"
#include "finwait/model/endpoint_semantics.hpp"
#include "finwait/model/network_rules.hpp"
#include "finwait/model/step.hpp"
#include "finwait/model/system_state.hpp"

namespace finwait::model {

struct Transition {
  Step step;
  SystemState next;
  std::optional<Segment> sent;        // what the step sent (an endpoint's send or reply)
  bool unexpected = false;            // the step was an "unexpected" reception
  bool lost_to_full_channel = false;  // `sent` met a full channel and was lost
};

// Owns the compiled endpoint semantics of one configuration and enumerates successors.
// Successors come in a fixed order (A's steps, B's steps, channel A->B, channel B->A) and
// are distinct triples (state, label, successor), as MODEL.md counts transitions.
class SystemSemantics {
 public:
  explicit SystemSemantics(const ModelConfig& config);

  const ModelConfig& config() const { return m_config; }
  const EndpointSemantics& endpoints() const { return m_endpoints; }
  const ChannelShape& shape() const { return m_shape; }
  SystemState initial() const { return initial_state(); }

  template <class Visitor>
  void for_each_successor(const SystemState& s, Visitor&& visit) const;

  std::vector<Transition> successors(const SystemState& s) const;

 private:
  template <class Visitor>
  void local_steps(const SystemState& s, Party x, Visitor& visit) const;
  template <class Visitor>
  void network_steps(const SystemState& s, Party sender, Visitor& visit) const;
  template <class Visitor>
  void apply(const SystemState& s, Party sender, const NetworkRule& rule, Segment letter,
             unsigned pos, Visitor& visit) const;
  template <class Visitor>
  void deliver(const SystemState& s, Party sender, Segment letter, unsigned pos,
               Visitor& visit) const;
  template <class Visitor>
  void deliver_as(const SystemState& s, Party sender, Segment letter, unsigned pos, Event event,
                  Visitor& visit) const;

  ModelConfig m_config;
  EndpointSemantics m_endpoints;
  ChannelShape m_shape;
  std::vector<NetworkRule> m_network_rules;
};

// ---- implementation (in the header so that engines inline the hot loop) ----------------

template <class Visitor>
void SystemSemantics::for_each_successor(const SystemState& s, Visitor&& visit) const {
  local_steps(s, Party::A, visit);
  local_steps(s, Party::B, visit);
  network_steps(s, Party::A, visit);
  network_steps(s, Party::B, visit);
}

template <class Visitor>
void SystemSemantics::local_steps(const SystemState& s, Party x, Visitor& visit) const {
  const std::uint32_t local = m_endpoints.locals().index_of(s.at(x));
  const bool empty = s.channels_empty();
  for (int e = 0; e < kLocalEventCount; ++e) {
    const auto& entry = m_endpoints.lookup(x, local, static_cast<Event>(e), empty);
    if (entry.kind != OutcomeKind::Fired) continue;
    Transition t;
    t.step = Step{static_cast<StepKind>(e), x};
    t.next = s;
    t.next.at(x) = m_endpoints.locals().at(entry.next);
    if (entry.sent >= 0) {
      t.sent = static_cast<Segment>(entry.sent);
      t.lost_to_full_channel = !push(t.next.from(x), *t.sent, m_shape);
    }
    visit(static_cast<const Transition&>(t));
  }
}

// A delivery is the reception event of its letter; a FIN may also be received as
// RecvFinDelayingAck where a row for it is enabled (delayed_ack = on): a second successor.
template <class Visitor>
void SystemSemantics::deliver(const SystemState& s, Party sender, Segment letter, unsigned pos,
                              Visitor& visit) const {
  deliver_as(s, sender, letter, pos, reception_of(letter), visit);
  if (letter == Segment::Fin && m_config.delayed_ack)
    deliver_as(s, sender, letter, pos, Event::RecvFinDelayingAck, visit);
}

template <class Visitor>
void SystemSemantics::deliver_as(const SystemState& s, Party sender, Segment letter,
                                 unsigned pos, Event event, Visitor& visit) const {
  const Party receiver = other(sender);
  const std::uint32_t local = m_endpoints.locals().index_of(s.at(receiver));
  const auto& entry = m_endpoints.lookup(receiver, local, event, s.channels_empty());
  if (entry.kind == OutcomeKind::Disabled) return;  // an alternative reception without a row
  Transition t;
  t.step = Step{StepKind::Deliver, sender, letter, static_cast<std::uint8_t>(pos)};
  t.step.ack_delayed = event == Event::RecvFinDelayingAck;
  t.next = s;
  take(t.next.from(sender), letter, pos, m_shape);
  if (entry.kind == OutcomeKind::Unexpected) {
    t.unexpected = true;  // consumed, nothing else changes
  } else {
    t.next.at(receiver) = m_endpoints.locals().at(entry.next);
    if (entry.sent >= 0) {
      t.sent = static_cast<Segment>(entry.sent);
      t.lost_to_full_channel = !push(t.next.from(receiver), *t.sent, m_shape);
    }
  }
  visit(static_cast<const Transition&>(t));
}

template <class Visitor>
void SystemSemantics::network_steps(const SystemState& s, Party sender, Visitor& visit) const {
  const Channel& ch = s.from(sender);
  if (ch.empty()) return;
  for (const NetworkRule& rule : m_network_rules)
    for_each_pick(ch, rule.pick, m_shape.kind, [&](Segment letter, unsigned pos) {
      apply(s, sender, rule, letter, pos, visit);
    });
}

template <class Visitor>
void SystemSemantics::apply(const SystemState& s, Party sender, const NetworkRule& rule,
                            Segment letter, unsigned pos, Visitor& visit) const {
  if (rule.delivers) return deliver(s, sender, letter, pos, visit);
  if (rule.copies && s.from(sender).size >= m_shape.capacity) return;
  Transition t{Step{rule.kind, sender, letter, static_cast<std::uint8_t>(pos)}, s, {}};
  if (rule.takes) take(t.next.from(sender), letter, pos, m_shape);
  if (rule.copies) push(t.next.from(sender), letter, m_shape);
  visit(static_cast<const Transition&>(t));
}

}  // namespace finwait::model
