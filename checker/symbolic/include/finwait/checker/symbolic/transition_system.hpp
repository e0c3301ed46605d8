// The model as a Z3 transition relation: initial states, steps as guarded updates, deadlock.
#pragma once
#include <z3++.h>

#include <optional>
#include <vector>

#include "finwait/checker/symbolic/state_vars.hpp"
#include "finwait/model/endpoint_local.hpp"
#include "finwait/model/local_state_space.hpp"
#include "finwait/model/network_rules.hpp"
#include "finwait/model/step.hpp"
#include "finwait/model/system_state.hpp"

namespace finwait::checker::symbolic {

// One way of taking a step: a reflected table row instantiated at one legal local value of
// the endpoint it moves (and, where the row reads it, one value of "both channels empty"),
// or one network step on one letter or fifo position. The transition relation is the
// disjunction of all choices; a choice's index names the step in counterexamples.
struct Choice {
  model::StepKind kind = model::StepKind::Close;
  model::Party actor = model::Party::A;  // the endpoint, or the sender of the channel
  std::optional<model::Segment> letter;  // fixed letter; fifo drop reads it from the slot
  unsigned position = 0;                 // fifo drop: the slot removed
  // The endpoint reaction (local steps: the actor; deliveries: the receiver).
  std::optional<model::EndpointLocal> from;  // the local value the row instance fires in
  std::optional<bool> channels_empty;        // the row's guard reads it: this value only
  model::EndpointLocal to;
  std::optional<model::Segment> sent;
  bool unexpected = false;  // a reception MODEL.md calls unexpected (consumed, no change)
  bool ack_delayed = false;  // a FIN delivered as RecvFinDelayingAck (delayed_ack = on)
  model::NetworkRule rule{};  // network steps: the model's rule this choice instantiates
  bool is_network() const { return kind >= model::StepKind::Deliver && kind <= model::StepKind::Dup; }
};

// The choices that share a step label (kind, actor, letter, fifo slot). The relation's step
// selector ranges over groups, not choices: a group's guard is the disjunction of its
// members' (mutually exclusive) guards and its successor is its enabled member's, as an ite.
// Measured on the default model: BMC of no-unexpected reaches depth 25 in the time the
// one-disjunct-per-choice relation needed for depth 14.
struct StepGroup {
  model::StepKind kind = model::StepKind::Close;
  model::Party actor = model::Party::A;
  std::optional<model::Segment> letter;
  unsigned position = 0;
  bool ack_delayed = false;
  std::vector<int> members;  // indices into choices()
};

class TransitionSystem {
 public:
  // Throws InputError for capacity inf with fifo channels (a fifo needs a bound).
  explicit TransitionSystem(const model::ModelConfig& config);
  const StateLayout& layout() const { return m_layout; }
  const model::ModelConfig& config() const { return m_layout.config(); }
  const std::vector<Choice>& choices() const { return m_choices; }
  const std::vector<StepGroup>& groups() const { return m_groups; }
  int group_of(int choice) const { return m_group_of[static_cast<std::size_t>(choice)]; }
  // The selector value of the stuttering step (only relations built with `idle` allow it).
  int idle_choice() const { return static_cast<int>(m_groups.size()); }

  z3::expr initial(const StateVars& x) const;
  // Every variable in its range, endpoint values legal, fifo slots past the length zero:
  // the states k-induction may start from.
  z3::expr well_formed(const StateVars& x) const;
  z3::expr guard(const Choice& c, const StateVars& x) const;
  StateVars next(const Choice& c, const StateVars& x) const;
  z3::expr guard(const StepGroup& g, const StateVars& x) const;
  // T(x, sel, y): step group `sel` is enabled in x and leads to y.
  z3::expr transition(const StateVars& x, const z3::expr& sel, const StateVars& y,
                      bool idle = false) const;
  z3::expr deadlock(const StateVars& x) const;  // no choice enabled
  z3::expr equal(const StateVars& a, const StateVars& b) const;

  z3::expr local_is(const StateVars& x, model::Party p, const model::EndpointLocal& l) const;
  // x is exactly the explicit state s (for cross-checks against the explicit step function).
  z3::expr state_is(const StateVars& x, const model::SystemState& s) const;
  // The values of the layout's variables in the explicit state s (retx 0 when untracked).
  std::vector<int> valuation(const model::SystemState& s) const;
  z3::expr channel_size(const StateVars& x, model::Party sender) const;
  z3::expr occurrences(const StateVars& x, model::Party sender, model::Segment s) const;
  z3::expr channels_empty(const StateVars& x) const;

 private:
  // A fifo slot holds its letter's code; 0 (FIN's) in the slots past the length.
  static int letter_value(model::Segment s) { return static_cast<int>(s); }
  void add_local_choices();
  void add_network_choices(model::Party sender);
  void add_rule_choices(model::Party sender, const model::NetworkRule& rule,
                        std::optional<model::Segment> letter, unsigned position);
  void add_deliveries(Choice c);
  z3::expr picked(const Choice& c, const StateVars& x) const;
  void take(std::vector<z3::expr>& next, const StateVars& x, const Choice& c) const;
  void push(std::vector<z3::expr>& next, model::Party sender,
            model::Segment s) const;
  void set_local(std::vector<z3::expr>& next, model::Party p, const model::EndpointLocal& l) const;
  z3::expr contains(const StateVars& x, model::Party sender, model::Segment s) const;
  z3::expr has_room(const StateVars& x, model::Party sender) const;

  void group_choices();
  std::vector<z3::expr> member_guards(const StepGroup& g, const StateVars& x) const;
  // The successor of the enabled member, given member_guards(g, x).
  StateVars next(const StepGroup& g, const StateVars& x, const std::vector<z3::expr>& guards) const;

  StateLayout m_layout;
  model::LocalStateSpace m_locals;
  std::vector<Choice> m_choices;
  std::vector<StepGroup> m_groups;
  std::vector<int> m_group_of;
};

}  // namespace finwait::checker::symbolic
