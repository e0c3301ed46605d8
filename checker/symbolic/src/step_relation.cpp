// The Z3 transition relation from the Choices: each Choice's guard and update, step groups,
// T(x, sel, y) and deadlock.
#include "finwait/checker/symbolic/transition_system.hpp"

namespace finwait::checker::symbolic {

using model::Party;
using model::StepKind;

std::vector<z3::expr> TransitionSystem::member_guards(const StepGroup& g, const StateVars& x) const {
  std::vector<z3::expr> out;
  for (int m : g.members) out.push_back(guard(m_choices[static_cast<std::size_t>(m)], x));
  return out;
}

z3::expr TransitionSystem::guard(const StepGroup& g, const StateVars& x) const {
  z3::expr_vector any(x.ctx());
  for (const z3::expr& e : member_guards(g, x)) any.push_back(e);
  return z3::mk_or(any);
}

StateVars TransitionSystem::next(const StepGroup& g, const StateVars& x,
                                 const std::vector<z3::expr>& guards) const {
  // Members' guards exclude each other, so the ite order does not matter.
  std::vector<z3::expr> n = next(m_choices[static_cast<std::size_t>(g.members.back())], x).all();
  for (std::size_t k = g.members.size() - 1; k-- > 0;) {
    const StateVars alt = next(m_choices[static_cast<std::size_t>(g.members[k])], x);
    for (std::size_t v = 0; v < n.size(); ++v)
      n[v] = z3::ite(guards[k], alt[static_cast<int>(v)], n[v]);
  }
  return StateVars(std::move(n));
}

z3::expr TransitionSystem::guard(const Choice& c, const StateVars& x) const {
  z3::context& ctx = x.ctx();
  if (c.kind == StepKind::Idle) return ctx.bool_val(true);
  z3::expr g = ctx.bool_val(true);
  if (c.from) {
    const Party mover = c.kind == StepKind::Deliver ? model::other(c.actor) : c.actor;
    g = local_is(x, mover, *c.from);
  }
  if (c.channels_empty) g = g && (*c.channels_empty ? channels_empty(x) : !channels_empty(x));
  if (!c.is_network()) return g;
  g = g && picked(c, x);
  return c.rule.copies ? g && has_room(x, c.actor) : g;
}

// The channel holds the segment the choice picks.
z3::expr TransitionSystem::picked(const Choice& c, const StateVars& x) const {
  switch (c.rule.pick) {
    case model::Pick::Head:
      return greater_eq(x[m_layout.len(c.actor)], 1) &&
             x[m_layout.slot(c.actor, 0)] == letter_value(*c.letter);
    case model::Pick::EachSlot:
      return greater(x[m_layout.len(c.actor)], static_cast<int>(c.position));
    case model::Pick::EachLetter:
      return contains(x, c.actor, *c.letter);
  }
  return x.ctx().bool_val(false);
}

// Removes the picked segment: a fifo shifts the slots after it, a bag lowers its count.
void TransitionSystem::take(std::vector<z3::expr>& n, const StateVars& x, const Choice& c) const {
  const Party ch = c.actor;
  if (!m_layout.fifo()) {
    const int v = m_layout.count(ch, *c.letter);
    n[v] = x[v] - 1;
    return;
  }
  const unsigned cap = m_layout.capacity();
  for (unsigned i = c.position; i < cap; ++i)
    n[m_layout.slot(ch, i)] = i + 1 < cap ? x[m_layout.slot(ch, i + 1)] : lit(x[m_layout.slot(ch, i)], 0);
  n[m_layout.len(ch)] = x[m_layout.len(ch)] - 1;
}

StateVars TransitionSystem::next(const Choice& c, const StateVars& x) const {
  std::vector<z3::expr> n = x.all();
  if (c.kind == StepKind::Idle) return StateVars(std::move(n));
  if (c.is_network()) {
    if (c.rule.takes) take(n, x, c);
    if (c.rule.copies) push(n, c.actor, *c.letter);
    if (!c.rule.delivers || c.unexpected) return StateVars(std::move(n));
  }
  // The endpoint reaction: the actor's for local steps, the receiver's for deliveries.
  const Party mover = c.is_network() ? model::other(c.actor) : c.actor;
  set_local(n, mover, c.to);
  if (c.sent) push(n, mover, *c.sent);
  return StateVars(std::move(n));
}

z3::expr TransitionSystem::transition(const StateVars& x, const z3::expr& sel, const StateVars& y,
                                      bool idle) const {
  z3::expr_vector cases(x.ctx());
  for (std::size_t i = 0; i < m_groups.size(); ++i) {
    const std::vector<z3::expr> guards = member_guards(m_groups[i], x);
    z3::expr_vector any(x.ctx());
    for (const z3::expr& e : guards) any.push_back(e);
    cases.push_back(sel == static_cast<int>(i) && z3::mk_or(any) &&
                    equal(y, next(m_groups[i], x, guards)));
  }
  if (idle) cases.push_back(sel == idle_choice() && equal(y, x));
  return z3::mk_or(cases);
}

z3::expr TransitionSystem::deadlock(const StateVars& x) const {
  z3::expr_vector disabled(x.ctx());
  for (const Choice& c : m_choices) disabled.push_back(!guard(c, x));
  return z3::mk_and(disabled);
}

}  // namespace finwait::checker::symbolic
