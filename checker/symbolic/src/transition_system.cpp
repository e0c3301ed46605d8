// Builds the Z3 transition relation: endpoint rows from the reflected table, channels from
// MODEL.md "Channels".
#include "finwait/checker/symbolic/transition_system.hpp"

#include <algorithm>

#include "finwait/model/endpoint_semantics.hpp"
#include "finwait/model/input_error.hpp"
#include "finwait/model/local_state_space.hpp"
#include "finwait/model/reflected_table.hpp"
#include "finwait/model/system_state.hpp"

namespace finwait::checker::symbolic {

using model::EndpointLocal;
using model::Event;
using model::OutcomeKind;
using model::Party;
using model::Segment;
using model::StepKind;

namespace {

z3::expr sum(const std::vector<z3::expr>& terms) {
  z3::expr out = terms.front();
  for (std::size_t i = 1; i < terms.size(); ++i) out = out + terms[i];
  return out;
}

int letter_value(Segment s) { return static_cast<int>(s); }

}  // namespace

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

// Deliveries (one choice per letter and receiver local value: the reception row instance),
// drops (bag: per letter; fifo: per slot) and dups (per letter).
void TransitionSystem::add_network_choices(Party sender) {
  const model::ReflectedTable& table = model::reflected_table();
  const Party receiver = model::other(sender);
  for (int l = 0; l < model::kSegmentCount; ++l) {
    const auto letter = static_cast<Segment>(l);
    for (const EndpointLocal& from : m_locals.all()) {
      // A delivery's channel is not empty, so the receiver's rows see channels_empty = false.
      const model::EndpointOutcome o =
          model::run_reflected(table, config(), receiver, from, model::reception_of(letter), false);
      Choice c;
      c.kind = StepKind::Deliver;
      c.actor = sender;
      c.letter = letter;
      c.from = from;
      c.unexpected = o.kind == OutcomeKind::Unexpected;
      c.to = c.unexpected ? from : o.next;
      c.sent = c.unexpected ? std::nullopt : o.sent;
      m_choices.push_back(c);
      // The delayed-ACK alternative of a FIN reception, where its row is enabled.
      if (letter != Segment::Fin) continue;
      const model::EndpointOutcome alt = model::run_reflected(
          table, config(), receiver, from, Event::RecvFinDelayingAck, false);
      if (alt.kind != OutcomeKind::Fired) continue;
      c.ack_delayed = true;
      c.unexpected = false;
      c.to = alt.next;
      c.sent = alt.sent;
      m_choices.push_back(c);
    }
  }
  if (config().loss) {
    if (m_layout.fifo()) {
      for (unsigned i = 0; i < m_layout.capacity(); ++i)
        m_choices.push_back(Choice{StepKind::Drop, sender, std::nullopt, i, {}, {}, {}, {}, false});
    } else {
      for (int l = 0; l < model::kSegmentCount; ++l)
        m_choices.push_back(
            Choice{StepKind::Drop, sender, static_cast<Segment>(l), 0, {}, {}, {}, {}, false});
    }
  }
  if (config().dup)
    for (int l = 0; l < model::kSegmentCount; ++l)
      m_choices.push_back(
          Choice{StepKind::Dup, sender, static_cast<Segment>(l), 0, {}, {}, {}, {}, false});
}

z3::expr TransitionSystem::local_is(const StateVars& x, Party p, const EndpointLocal& l) const {
  z3::expr out = x[m_layout.st(p)] == static_cast<int>(l.st) &&
                 x[m_layout.why(p)] == static_cast<int>(l.why);
  if (m_layout.tracks_retx()) out = out && x[m_layout.retx(p)] == static_cast<int>(l.retx);
  return out;
}

std::vector<int> TransitionSystem::valuation(const model::SystemState& s) const {
  std::vector<int> v(m_layout.size(), 0);
  for (Party p : {Party::A, Party::B}) {
    v[static_cast<std::size_t>(m_layout.st(p))] = static_cast<int>(s.at(p).st);
    v[static_cast<std::size_t>(m_layout.why(p))] = static_cast<int>(s.at(p).why);
    if (m_layout.tracks_retx()) v[static_cast<std::size_t>(m_layout.retx(p))] = static_cast<int>(s.at(p).retx);
  }
  for (Party sender : {Party::A, Party::B}) {
    const model::Channel& ch = s.from(sender);
    if (m_layout.fifo()) {
      v[static_cast<std::size_t>(m_layout.len(sender))] = static_cast<int>(ch.size);
      for (unsigned i = 0; i < ch.size; ++i)
        v[static_cast<std::size_t>(m_layout.slot(sender, i))] = letter_value(ch.seq[i]);
    } else {
      for (int l = 0; l < model::kSegmentCount; ++l)
        v[static_cast<std::size_t>(m_layout.count(sender, static_cast<Segment>(l)))] = ch.count[l];
    }
  }
  return v;
}

z3::expr TransitionSystem::state_is(const StateVars& x, const model::SystemState& s) const {
  const std::vector<int> v = valuation(s);
  z3::expr out = x.ctx().bool_val(true);
  for (std::size_t i = 0; i < v.size(); ++i) out = out && equals(x[static_cast<int>(i)], v[i]);
  return out;
}

void TransitionSystem::set_local(std::vector<z3::expr>& next, Party p,
                                 const EndpointLocal& l) const {
  auto set = [&next](int var, int value) { next[var] = lit(next[var], value); };
  set(m_layout.st(p), static_cast<int>(l.st));
  set(m_layout.why(p), static_cast<int>(l.why));
  if (m_layout.tracks_retx()) set(m_layout.retx(p), static_cast<int>(l.retx));
}

z3::expr TransitionSystem::channel_size(const StateVars& x, Party sender) const {
  if (m_layout.fifo()) return x[m_layout.len(sender)];
  std::vector<z3::expr> counts;
  for (int l = 0; l < model::kSegmentCount; ++l)
    counts.push_back(x[m_layout.count(sender, static_cast<Segment>(l))]);
  return sum(counts);
}

z3::expr TransitionSystem::occurrences(const StateVars& x, Party sender, Segment s) const {
  if (!m_layout.fifo()) return x[m_layout.count(sender, s)];
  std::vector<z3::expr> ones;
  for (unsigned i = 0; i < m_layout.capacity(); ++i)
    ones.push_back(z3::ite(greater(x[m_layout.len(sender)], static_cast<int>(i)) &&
                               x[m_layout.slot(sender, i)] == letter_value(s),
                           lit(x[m_layout.len(sender)], 1), lit(x[m_layout.len(sender)], 0)));
  return sum(ones);
}

z3::expr TransitionSystem::contains(const StateVars& x, Party sender, Segment s) const {
  if (!m_layout.fifo()) return x[m_layout.count(sender, s)] >= 1;
  z3::expr out = x.ctx().bool_val(false);
  for (unsigned i = 0; i < m_layout.capacity(); ++i)
    out = out || (greater(x[m_layout.len(sender)], static_cast<int>(i)) &&
                  x[m_layout.slot(sender, i)] == letter_value(s));
  return out;
}

z3::expr TransitionSystem::has_room(const StateVars& x, Party sender) const {
  if (config().capacity_infinite()) return x.ctx().bool_val(true);
  return less(channel_size(x, sender), static_cast<int>(config().capacity));
}

z3::expr TransitionSystem::channels_empty(const StateVars& x) const {
  return channel_size(x, Party::A) == 0 && channel_size(x, Party::B) == 0;
}

// MODEL.md: a send into a full channel loses the segment; the step still happens.
void TransitionSystem::push(std::vector<z3::expr>& next, Party sender,
                            Segment s) const {
  const StateVars now(next);
  const z3::expr room = has_room(now, sender);
  if (m_layout.fifo()) {
    const z3::expr len = next[m_layout.len(sender)];
    for (unsigned i = 0; i < m_layout.capacity(); ++i) {
      const int v = m_layout.slot(sender, i);
      next[v] = z3::ite(len == static_cast<int>(i), lit(next[v], letter_value(s)), next[v]);
    }
    next[m_layout.len(sender)] = z3::ite(room, len + 1, len);
  } else {
    const int v = m_layout.count(sender, s);
    next[v] = z3::ite(room, next[v] + 1, next[v]);
  }
}

z3::expr TransitionSystem::guard(const Choice& c, const StateVars& x) const {
  z3::context& ctx = x.ctx();
  z3::expr g = ctx.bool_val(true);
  if (c.from) {
    const Party mover = c.kind == StepKind::Deliver ? model::other(c.actor) : c.actor;
    g = local_is(x, mover, *c.from);
  }
  if (c.channels_empty) g = g && (*c.channels_empty ? channels_empty(x) : !channels_empty(x));
  switch (c.kind) {
    case StepKind::Deliver:
      if (m_layout.fifo())
        return g && greater_eq(x[m_layout.len(c.actor)], 1) &&
               x[m_layout.slot(c.actor, 0)] == letter_value(*c.letter);
      return g && contains(x, c.actor, *c.letter);
    case StepKind::Drop:
      if (m_layout.fifo()) return g && greater(x[m_layout.len(c.actor)], static_cast<int>(c.position));
      return g && contains(x, c.actor, *c.letter);
    case StepKind::Dup:
      return g && contains(x, c.actor, *c.letter) && has_room(x, c.actor);
    case StepKind::Idle:
      return ctx.bool_val(true);
    default:
      return g;
  }
}

StateVars TransitionSystem::next(const Choice& c, const StateVars& x) const {
  std::vector<z3::expr> n = x.all();
  const Party ch = c.actor;
  switch (c.kind) {
    case StepKind::Deliver:
    case StepKind::Drop: {
      const unsigned pos = c.kind == StepKind::Drop ? c.position : 0;
      if (m_layout.fifo()) {
        for (unsigned i = pos; i < m_layout.capacity(); ++i)
          n[m_layout.slot(ch, i)] =
              i + 1 < m_layout.capacity() ? x[m_layout.slot(ch, i + 1)] : lit(x[m_layout.slot(ch, i)], 0);
        n[m_layout.len(ch)] = x[m_layout.len(ch)] - 1;
      } else {
        const int v = m_layout.count(ch, *c.letter);
        n[v] = x[v] - 1;
      }
      if (c.kind == StepKind::Deliver && !c.unexpected) {
        set_local(n, model::other(ch), c.to);
        if (c.sent) push(n, model::other(ch), *c.sent);
      }
      break;
    }
    case StepKind::Dup:
      push(n, ch, *c.letter);
      break;
    case StepKind::Idle:
      break;
    default:  // application and timer steps
      set_local(n, ch, c.to);
      if (c.sent) push(n, ch, *c.sent);
  }
  return StateVars(std::move(n));
}

z3::expr TransitionSystem::equal(const StateVars& a, const StateVars& b) const {
  z3::expr out = a.ctx().bool_val(true);
  for (std::size_t i = 0; i < a.size(); ++i) out = out && a[i] == b[i];
  return out;
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

// The model's own initial state (MODEL.md "Parties"), not a second description of it.
z3::expr TransitionSystem::initial(const StateVars& x) const { return state_is(x, model::initial_state()); }

z3::expr TransitionSystem::well_formed(const StateVars& x) const {
  z3::context& ctx = x.ctx();
  z3::expr out = ctx.bool_val(true);
  for (Party p : {Party::A, Party::B}) {
    z3::expr_vector legal(ctx);
    for (const EndpointLocal& l : m_locals.all()) legal.push_back(local_is(x, p, l));
    out = out && z3::mk_or(legal);
  }
  for (Party sender : {Party::A, Party::B}) {
    if (m_layout.fifo()) {
      const z3::expr len = x[m_layout.len(sender)];
      out = out && greater_eq(len, 0) && less_eq(len, static_cast<int>(m_layout.capacity()));
      for (unsigned i = 0; i < m_layout.capacity(); ++i) {
        const z3::expr slot = x[m_layout.slot(sender, i)];
        out = out && greater_eq(slot, 0) && less(slot, model::kSegmentCount) &&
              z3::implies(less_eq(len, static_cast<int>(i)), slot == 0);
      }
    } else {
      for (int l = 0; l < model::kSegmentCount; ++l)
        out = out && greater_eq(x[m_layout.count(sender, static_cast<Segment>(l))], 0);
      if (!config().capacity_infinite())
        out = out && less_eq(channel_size(x, sender), static_cast<int>(config().capacity));
    }
  }
  return out;
}

}  // namespace finwait::checker::symbolic
