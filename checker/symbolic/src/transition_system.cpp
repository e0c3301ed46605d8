// Builds the Z3 transition system's Choices: endpoint rows from the reflected table, network
// steps from the model's network rules (model/network_rules.hpp).
#include "finwait/checker/symbolic/transition_system.hpp"

#include <algorithm>

#include "finwait/model/endpoint_semantics.hpp"
#include "finwait/model/local_state_space.hpp"
#include "finwait/model/reflected_table.hpp"

namespace finwait::checker::symbolic {

using model::EndpointLocal;
using model::Event;
using model::OutcomeKind;
using model::Party;
using model::Segment;
using model::StepKind;

TransitionSystem::TransitionSystem(const model::ModelConfig& config)
    : m_layout(config), m_locals(config) {
  config.validate(model::StateSpace::Symbolic);
  add_local_choices();
  add_network_choices(Party::A);
  add_network_choices(Party::B);
  group_choices();
}

void TransitionSystem::group_choices() {
  for (std::size_t i = 0; i < m_choices.size(); ++i) {
    const Choice& c = m_choices[i];
    auto same = [&c](const StepGroup& g) {
      return g.kind == c.kind && g.actor == c.actor && g.letter == c.letter &&
             g.position == c.position && g.ack_delayed == c.ack_delayed;
    };
    auto it = std::find_if(m_groups.begin(), m_groups.end(), same);
    if (it == m_groups.end())
      it = m_groups.insert(m_groups.end(),
                           StepGroup{c.kind, c.actor, c.letter, c.position, c.ack_delayed, {}});
    it->members.push_back(static_cast<int>(i));
    m_group_of.push_back(static_cast<int>(it - m_groups.begin()));
  }
}

// Every legal local value x every application/timer event, run through the reflected rows
// with MSM's run-to-completion semantics. A row whose guard reads "both channels empty"
// (2msl under time_wait = drain) yields one choice per value of that condition.
void TransitionSystem::add_local_choices() {
  const model::ReflectedTable& table = model::reflected_table();
  for (Party p : {Party::A, Party::B})
    for (const EndpointLocal& from : m_locals.all())
      for (int e = 0; e < model::kLocalEventCount; ++e) {
        const auto event = static_cast<Event>(e);
        const auto kind = model::local_step_of(event);
        const model::EndpointOutcome when_busy =
            model::run_reflected(table, config(), p, from, event, false);
        const model::EndpointOutcome when_empty =
            model::run_reflected(table, config(), p, from, event, true);
        auto add = [&](const model::EndpointOutcome& o, std::optional<bool> empty) {
          if (o.kind != OutcomeKind::Fired) return;
          Choice c;
          c.kind = *kind;
          c.actor = p;
          c.from = from;
          c.channels_empty = empty;
          c.to = o.next;
          c.sent = o.sent;
          m_choices.push_back(c);
        };
        if (when_busy == when_empty) {
          add(when_busy, std::nullopt);
        } else {
          add(when_busy, false);
          add(when_empty, true);
        }
      }
}

// One choice per pick of each of the model's network rules (model/network_rules.hpp): per
// letter for Head and EachLetter, per slot for EachSlot; a delivery is further split by the
// receiver's local value, the instance of its reception row.
void TransitionSystem::add_network_choices(Party sender) {
  for (const model::NetworkRule& rule : model::network_rules(config())) {
    if (rule.pick == model::Pick::EachSlot) {
      for (unsigned i = 0; i < m_layout.capacity(); ++i) add_rule_choices(sender, rule, std::nullopt, i);
    } else {
      for (int l = 0; l < model::kSegmentCount; ++l) add_rule_choices(sender, rule, static_cast<Segment>(l), 0);
    }
  }
}

void TransitionSystem::add_rule_choices(Party sender, const model::NetworkRule& rule,
                                        std::optional<Segment> letter, unsigned position) {
  Choice c;
  c.kind = rule.kind;
  c.actor = sender;
  c.letter = letter;
  c.position = position;
  c.rule = rule;
  if (rule.delivers)
    add_deliveries(c);
  else
    m_choices.push_back(c);
}

// A delivery of c.letter at every receiver local value, plus the delayed-ACK alternative of
// a FIN reception where its row is enabled.
void TransitionSystem::add_deliveries(Choice c) {
  const model::ReflectedTable& table = model::reflected_table();
  const Party receiver = model::other(c.actor);
  for (const EndpointLocal& from : m_locals.all()) {
    // A delivery's channel is not empty, so the receiver's rows see channels_empty = false.
    const model::EndpointOutcome o =
        model::run_reflected(table, config(), receiver, from, model::reception_of(*c.letter), false);
    c.from = from;
    c.ack_delayed = false;
    c.unexpected = o.kind == OutcomeKind::Unexpected;
    c.to = c.unexpected ? from : o.next;
    c.sent = c.unexpected ? std::nullopt : o.sent;
    m_choices.push_back(c);
    if (*c.letter != Segment::Fin) continue;
    const model::EndpointOutcome alt =
        model::run_reflected(table, config(), receiver, from, Event::RecvFinDelayingAck, false);
    if (alt.kind != OutcomeKind::Fired) continue;
    c.ack_delayed = true;
    c.unexpected = false;
    c.to = alt.next;
    c.sent = alt.sent;
    m_choices.push_back(c);
  }
}

}  // namespace finwait::checker::symbolic
