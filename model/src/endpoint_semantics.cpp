// Executes reflected rules (MSM semantics) and tabulates them per configuration.
#include "finwait/model/endpoint_semantics.hpp"

#include <cassert>

namespace finwait::model {
namespace {

const ReflectedRule* enabled_rule(const ReflectedTable& table, TcpState st,
                                  std::optional<Event> event, const GuardInputs& in) {
  for (auto it = table.rules.rbegin(); it != table.rules.rend(); ++it) {
    if (it->source != st || it->event != event) continue;
    if (!it->guard || it->guard->holds(in)) return &*it;
  }
  return nullptr;
}

}  // namespace

EndpointOutcome run_reflected(const ReflectedTable& table, const ModelConfig& config, Party self,
                              const EndpointLocal& local, Event event, bool channels_empty) {
  GuardInputs in{&config, self, local.retx, channels_empty};
  const ReflectedRule* rule = enabled_rule(table, local.st, event, in);
  EndpointOutcome out;
  out.next = local;
  if (rule == nullptr) {
    out.kind = is_unexpected_when_unhandled(event) ? OutcomeKind::Unexpected : OutcomeKind::Disabled;
    return out;
  }
  out.kind = OutcomeKind::Fired;
  EndpointVariables vars{local.retx, local.why, std::nullopt};
  TcpState st = local.st;
  // A chart with a completion cycle would loop forever; ours has one completion row.
  for (int fired = 0; rule != nullptr; ++fired) {
    assert(fired < kTcpStateCount && "completion transitions must not cycle");
    for (const ReflectedAction& action : rule->actions) action.apply(vars, config);
    if (rule->target) {
      st = *rule->target;
      if (table.states[static_cast<int>(st)].clears_retx_on_entry) vars.retx = 0;
    }
    in.retx = vars.retx;
    rule = enabled_rule(table, st, std::nullopt, in);
  }
  out.next = EndpointLocal{st, vars.retx, vars.why};
  out.sent = vars.sent;
  return out;
}

EndpointSemantics::EndpointSemantics(const ModelConfig& config) : m_locals(config) {
  const ReflectedTable& table = reflected_table();
  m_entries.resize(2 * m_locals.size() * kEventCount * 2);
  for (Party self : {Party::A, Party::B})
    for (std::uint32_t l = 0; l < m_locals.size(); ++l)
      for (int e = 0; e < kEventCount; ++e)
        for (bool empty : {false, true}) {
          const auto event = static_cast<Event>(e);
          const EndpointOutcome o = run_reflected(table, config, self, m_locals.at(l), event, empty);
          Entry& entry = const_cast<Entry&>(lookup(self, l, event, empty));
          entry.kind = o.kind;
          entry.next = static_cast<std::uint16_t>(m_locals.index_of(o.next));
          entry.sent = o.sent ? static_cast<std::int8_t>(*o.sent) : std::int8_t{-1};
        }
}

EndpointOutcome EndpointSemantics::outcome(Party self, const EndpointLocal& local, Event event,
                                           bool channels_empty) const {
  const Entry& e = lookup(self, m_locals.index_of(local), event, channels_empty);
  EndpointOutcome out{e.kind, m_locals.at(e.next), std::nullopt};
  if (e.sent >= 0) out.sent = static_cast<Segment>(e.sent);
  return out;
}

}  // namespace finwait::model
