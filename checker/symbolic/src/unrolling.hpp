// The states and step selectors of a path x0, sel0, x1, sel1, ..., created on demand.
#pragma once
#include <deque>
#include <string>
#include <vector>

#include "finwait/checker/symbolic/formula_encoding.hpp"

namespace finwait::checker::symbolic {

class Unrolling {
 public:
  // `count_limit`: the largest bag count the bit-vector encoding must hold (capacity inf).
  Unrolling(z3::context& ctx, const TransitionSystem& ts, Arithmetic arithmetic,
            unsigned count_limit, std::string prefix = "")
      : m_ctx(ctx), m_ts(ts), m_arithmetic(arithmetic), m_count_limit(count_limit),
        m_prefix(std::move(prefix)) {}
  Arithmetic arithmetic() const { return m_arithmetic; }
  // A fresh number constant of this unrolling's sort for 0..max_value (automaton states, loop
  // positions).
  z3::expr number(const std::string& name, unsigned max_value) {
    return number_const(m_ctx, m_prefix + name, m_arithmetic, max_value);
  }
  const StateVars& state(std::size_t i) {
    while (m_states.size() <= i)
      m_states.emplace_back(m_ctx, m_ts.layout(), m_prefix + std::to_string(m_states.size()),
                            m_arithmetic, m_count_limit);
    return m_states[i];
  }
  const z3::expr& sel(std::size_t i) {
    while (m_sels.size() <= i)
      m_sels.push_back(number("step@" + std::to_string(m_sels.size()),
                              static_cast<unsigned>(m_ts.idle_choice())));
    return m_sels[i];
  }
  // The step into position i (none at position 0).
  std::optional<StepContext> step_into(std::size_t i) {
    if (i == 0) return std::nullopt;
    return StepContext{sel(i - 1), state(i - 1)};
  }
  z3::expr transition(std::size_t i, bool idle = false) {
    return m_ts.transition(state(i), sel(i), state(i + 1), idle);
  }
  std::vector<StateVars> states(std::size_t n) {
    state(n ? n - 1 : 0);
    return {m_states.begin(), m_states.begin() + static_cast<std::ptrdiff_t>(n)};
  }
  std::vector<z3::expr> sels(std::size_t n) {
    if (n) sel(n - 1);
    return {m_sels.begin(), m_sels.begin() + static_cast<std::ptrdiff_t>(n)};
  }

 private:
  z3::context& m_ctx;
  const TransitionSystem& m_ts;
  Arithmetic m_arithmetic;
  unsigned m_count_limit;
  std::string m_prefix;
  std::deque<StateVars> m_states;  // deque: references stay valid as the path grows
  std::deque<z3::expr> m_sels;
};

// `target` at position i of `u` (with the step into it, if any).
inline z3::expr target_at(const SafetyGoal& goal, Unrolling& u, std::size_t i) {
  const std::optional<StepContext> step = u.step_into(i);
  return goal.target(u.state(i), step ? &*step : nullptr);
}

}  // namespace finwait::checker::symbolic
