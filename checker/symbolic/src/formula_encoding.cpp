// Translation of property-language atoms into terms over the Z3 state variables.
#include "finwait/checker/symbolic/formula_encoding.hpp"

#include <algorithm>
#include <cassert>
#include <stdexcept>

namespace finwait::checker::symbolic {

using properties::CmpOp;
using properties::Formula;

namespace {

z3::expr compare(const z3::expr& lhs, CmpOp op, int value) {
  switch (op) {
    case CmpOp::Eq: return equals(lhs, value);
    case CmpOp::Ne: return !equals(lhs, value);
    case CmpOp::Lt: return less(lhs, value);
    case CmpOp::Le: return less_eq(lhs, value);
    case CmpOp::Gt: return greater(lhs, value);
    case CmpOp::Ge: return greater_eq(lhs, value);
  }
  throw std::logic_error("unknown comparison");
}

z3::expr in_mask(const z3::expr& var, std::uint32_t mask, int values) {
  z3::expr_vector options(var.ctx());
  for (int v = 0; v < values; ++v)
    if (mask & (1u << v)) options.push_back(var == v);
  return z3::mk_or(options);
}

// The step atom: some choice of the named kind, actor and letter was taken.
z3::expr step_is(const TransitionSystem& ts, const Formula& f, const StepContext& step) {
  z3::context& ctx = step.sel.ctx();
  if (f.step_kind == model::StepKind::Idle) return step.sel == ts.idle_choice();
  const StateLayout& layout = ts.layout();
  z3::expr_vector options(ctx);
  for (std::size_t i = 0; i < ts.groups().size(); ++i) {
    const StepGroup& c = ts.groups()[i];
    if (c.kind != f.step_kind || c.actor != f.party) continue;
    z3::expr taken = step.sel == static_cast<int>(i);
    if (f.letter) {
      if (c.letter) {
        if (*c.letter != *f.letter) continue;
      } else {  // fifo drop: the letter is the one in the dropped slot
        taken = taken && step.before[layout.slot(c.actor, c.position)] == static_cast<int>(*f.letter);
      }
    }
    options.push_back(taken);
  }
  return z3::mk_or(options);
}

}  // namespace

z3::expr encode_formula(const TransitionSystem& ts, const Formula& f, const StateVars& x,
                        const StepContext* step) {
  z3::context& ctx = x.ctx();
  const StateLayout& layout = ts.layout();
  auto child = [&](std::size_t i) { return encode_formula(ts, f.children[i], x, step); };
  switch (f.kind) {
    case Formula::Kind::True: return ctx.bool_val(true);
    case Formula::Kind::False: return ctx.bool_val(false);
    case Formula::Kind::Not: return !child(0);
    case Formula::Kind::And: {
      z3::expr_vector parts(ctx);
      for (std::size_t i = 0; i < f.children.size(); ++i) parts.push_back(child(i));
      return z3::mk_and(parts);
    }
    case Formula::Kind::Or: {
      z3::expr_vector parts(ctx);
      for (std::size_t i = 0; i < f.children.size(); ++i) parts.push_back(child(i));
      return z3::mk_or(parts);
    }
    case Formula::Kind::Implies: return z3::implies(child(0), child(1));
    case Formula::Kind::EndpointState:
      return in_mask(x[layout.st(f.party)], f.mask, model::kTcpStateCount);
    case Formula::Kind::EndpointWhy:
      return in_mask(x[layout.why(f.party)], f.mask, model::kWhyCount);
    case Formula::Kind::EndpointRetx: return compare(x.retx(layout, f.party), f.cmp, f.value);
    case Formula::Kind::ChannelCount: {
      const z3::expr n = f.letter ? ts.occurrences(x, f.party, *f.letter)
                                  : ts.channel_size(x, f.party);
      return compare(n, f.cmp, f.value);
    }
    case Formula::Kind::StepIs:
      return step ? step_is(ts, f, *step) : ctx.bool_val(false);
    default:
      throw std::logic_error("temporal operator in a state formula: " + properties::to_string(f));
  }
}

SafetyGoal safety_goal(const TransitionSystem& ts, const properties::PropertySpec& spec) {
  using properties::ClaimKind;
  using properties::SafetyKind;
  SafetyGoal goal;
  goal.name = spec.name;
  if (spec.kind == ClaimKind::Builtin) {
    const properties::SafetyProperty& p = spec.builtin;
    switch (p.kind) {
      case SafetyKind::NoUnexpectedStep:
        goal.reads_step = true;
        goal.target = [&ts](const StateVars& x, const StepContext* step) {
          z3::expr_vector unexpected(x.ctx());
          if (step)  // the delivery group was taken in a receiver state where it is unexpected
            for (std::size_t i = 0; i < ts.choices().size(); ++i)
              if (ts.choices()[i].unexpected)
                unexpected.push_back(step->sel == ts.group_of(static_cast<int>(i)) &&
                                     ts.guard(ts.choices()[i], step->before));
          return z3::mk_or(unexpected);
        };
        return goal;
      case SafetyKind::NoBadDeadlock:
        goal.target = [&ts, bad = p.bad](const StateVars& x, const StepContext* step) {
          return ts.deadlock(x) && encode_formula(ts, bad, x, step);
        };
        goal.reads_step = properties::mentions_step(p.bad);
        return goal;
      case SafetyKind::NoBadState:
        goal.target = [&ts, bad = p.bad](const StateVars& x, const StepContext* step) {
          return encode_formula(ts, bad, x, step);
        };
        goal.reads_step = properties::mentions_step(p.bad);
        return goal;
    }
  }
  assert(spec.kind != ClaimKind::Temporal && "temporal claims are not safety goals");
  if (spec.kind == ClaimKind::Reachable) return reach_goal(ts, spec.name, spec.claim);
  goal.reads_step = properties::mentions_step(spec.claim);
  goal.target = [&ts, claim = spec.claim](const StateVars& x, const StepContext* step) {
    return !encode_formula(ts, claim, x, step);
  };
  return goal;
}

SafetyGoal reach_goal(const TransitionSystem& ts, const std::string& text,
                      const properties::Formula& goal_formula) {
  SafetyGoal goal;
  goal.name = text;
  goal.is_reachability = true;
  goal.reads_step = properties::mentions_step(goal_formula);
  goal.target = [&ts, goal_formula](const StateVars& x, const StepContext* step) {
    return encode_formula(ts, goal_formula, x, step);
  };
  return goal;
}

}  // namespace finwait::checker::symbolic
