// What lasso search and k-liveness share: the negated claim's Büchi automaton and
// fairness classes as terms over states and step selectors.
#pragma once
#include <z3++.h>

#include <vector>

#include "finwait/checker/symbolic/formula_encoding.hpp"
#include "finwait/properties/buchi.hpp"
#include "finwait/properties/fairness.hpp"
#include "deadline.hpp"

namespace finwait::checker::symbolic {

class LivenessEncoding {
 public:
  // The translation into an automaton stops (as a Z3 exception, which the engines report as
  // a timeout) once `deadline` has expired.
  LivenessEncoding(const TransitionSystem& ts, const properties::PropertySpec& spec, const Deadline& deadline);
  const properties::Buchi& automaton() const { return m_automaton; }
  const properties::FairnessSpec& fairness() const { return m_spec.fairness; }
  const properties::PropertySpec& spec() const { return m_spec; }

  // Truth of each automaton predicate at a position (state, and the step into it if any).
  std::vector<z3::expr> predicates(const StateVars& x, const StepContext* step) const;
  // q is an automaton state whose label holds for these predicate values.
  z3::expr label_holds(const z3::expr& q, const std::vector<z3::expr>& preds) const;
  z3::expr initial(const z3::expr& q) const;
  z3::expr edge(const z3::expr& q, const z3::expr& q_next) const;
  z3::expr in_acceptance_set(std::size_t set, const z3::expr& q) const;
  // A step of fairness class `cls` is enabled in x / is the step `sel`.
  z3::expr enabled(int cls, const StateVars& x) const;
  z3::expr taken(int cls, const z3::expr& sel) const;
  // The classes under weak and strong fairness.
  const std::vector<int>& weak() const { return m_weak; }
  const std::vector<int>& strong() const { return m_strong; }

 private:
  const TransitionSystem& m_ts;
  const properties::PropertySpec& m_spec;
  properties::Buchi m_automaton;
  std::vector<std::vector<int>> m_class_choices;  // class -> step group indices
  std::vector<int> m_weak, m_strong;
};

}  // namespace finwait::checker::symbolic
