// The system state in Z3 variables: endpoint values, channel contents and sends, the initial
// and well-formed states (MODEL.md "Channels": a send into a full channel is lost).
#include "finwait/checker/symbolic/transition_system.hpp"

#include "finwait/model/system_state.hpp"

namespace finwait::checker::symbolic {

using model::EndpointLocal;
using model::Party;
using model::Segment;

namespace {

z3::expr sum(const std::vector<z3::expr>& terms) {
  z3::expr out = terms.front();
  for (std::size_t i = 1; i < terms.size(); ++i) out = out + terms[i];
  return out;
}

}  // namespace

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

z3::expr TransitionSystem::equal(const StateVars& a, const StateVars& b) const {
  z3::expr out = a.ctx().bool_val(true);
  for (std::size_t i = 0; i < a.size(); ++i) out = out && a[i] == b[i];
  return out;
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
