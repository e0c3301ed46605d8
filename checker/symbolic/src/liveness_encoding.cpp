// The negated claim's automaton and the fairness classes, encoded for Z3.
#include "liveness_encoding.hpp"

namespace finwait::checker::symbolic {

LivenessEncoding::LivenessEncoding(const TransitionSystem& ts, const properties::PropertySpec& spec,
                                   const Deadline& deadline)
    : m_ts(ts), m_spec(spec), m_class_choices(properties::kStepClassCount) {
  properties::Formula negated;
  negated.kind = properties::Formula::Kind::Not;
  negated.children.push_back(spec.claim);
  m_automaton = properties::translate(negated, spec.name, [&deadline] {
    if (deadline.expired()) throw z3::exception("timeout while translating the claim into an automaton");
  });
  for (std::size_t i = 0; i < ts.groups().size(); ++i) {
    const StepGroup& c = ts.groups()[i];
    const model::Step step{c.kind, c.actor, c.letter.value_or(model::Segment::Fin),
                           static_cast<std::uint8_t>(c.position), c.ack_delayed};
    if (auto cls = properties::step_class(step)) m_class_choices[*cls].push_back(static_cast<int>(i));
  }
  for (int cls = 0; cls < properties::kStepClassCount; ++cls) {
    if (m_class_choices[cls].empty()) continue;  // never enabled in this configuration
    if (spec.fairness.of[cls] == properties::Fairness::Weak) m_weak.push_back(cls);
    if (spec.fairness.of[cls] == properties::Fairness::Strong) m_strong.push_back(cls);
  }
}

std::vector<z3::expr> LivenessEncoding::predicates(const StateVars& x, const StepContext* step) const {
  std::vector<z3::expr> out;
  for (const properties::Formula& p : m_automaton.predicates)
    out.push_back(encode_formula(m_ts, p, x, step));
  return out;
}

z3::expr LivenessEncoding::label_holds(const z3::expr& q, const std::vector<z3::expr>& preds) const {
  z3::expr_vector cases(q.ctx());
  for (std::size_t s = 0; s < m_automaton.states.size(); ++s) {
    const properties::BuchiState& st = m_automaton.states[s];
    z3::expr ok = q.ctx().bool_val(true);
    for (std::size_t i = 0; i < preds.size(); ++i) {
      if (st.positive >> i & 1) ok = ok && preds[i];
      if (st.negative >> i & 1) ok = ok && !preds[i];
    }
    cases.push_back(q == static_cast<int>(s) && ok);
  }
  return z3::mk_or(cases);
}

z3::expr LivenessEncoding::initial(const z3::expr& q) const {
  z3::expr_vector cases(q.ctx());
  for (int s : m_automaton.initial) cases.push_back(q == s);
  return z3::mk_or(cases);
}

z3::expr LivenessEncoding::edge(const z3::expr& q, const z3::expr& q_next) const {
  z3::expr_vector cases(q.ctx());
  for (std::size_t s = 0; s < m_automaton.states.size(); ++s) {
    z3::expr_vector targets(q.ctx());
    for (int t : m_automaton.states[s].successors) targets.push_back(q_next == t);
    cases.push_back(q == static_cast<int>(s) && z3::mk_or(targets));
  }
  return z3::mk_or(cases);
}

z3::expr LivenessEncoding::in_acceptance_set(std::size_t set, const z3::expr& q) const {
  z3::expr_vector cases(q.ctx());
  for (std::size_t s = 0; s < m_automaton.states.size(); ++s)
    if (m_automaton.acceptance[set][s]) cases.push_back(q == static_cast<int>(s));
  return z3::mk_or(cases);
}

z3::expr LivenessEncoding::enabled(int cls, const StateVars& x) const {
  z3::expr_vector cases(x.ctx());
  for (int i : m_class_choices[cls]) cases.push_back(m_ts.guard(m_ts.groups()[i], x));
  return z3::mk_or(cases);
}

z3::expr LivenessEncoding::taken(int cls, const z3::expr& sel) const {
  z3::expr_vector cases(sel.ctx());
  for (int i : m_class_choices[cls]) cases.push_back(sel == i);
  return z3::mk_or(cases);
}

}  // namespace finwait::checker::symbolic
