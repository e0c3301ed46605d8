// Next-free LTL to generalized Büchi automata (the GPVW tableau), and LTL on lasso words.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "finwait/properties/formula.hpp"

namespace finwait::properties {

// A letter of the alphabet is a valuation of the automaton's predicates: bit i of a
// PredicateMask is predicate i's truth at one position of a run.
using PredicateMask = std::uint64_t;
inline constexpr std::size_t kMaxPredicates = 64;

// State-labelled generalized Büchi automaton: a run enters `initial` states and moves along
// `successors`; a state may be occupied at a position only if its label holds there
// (`positive` bits true, `negative` bits false). A run is accepted if it visits some state of
// every acceptance set infinitely often (no sets: every infinite run is accepted).
struct BuchiState {
  PredicateMask positive = 0;
  PredicateMask negative = 0;
  std::vector<int> successors;
  bool admits(PredicateMask letter) const {
    return (letter & positive) == positive && (letter & negative) == 0;
  }
};

struct Buchi {
  std::vector<Formula> predicates;  // temporal-free subformulas, evaluated at positions
  std::vector<BuchiState> states;
  std::vector<int> initial;
  std::vector<std::vector<bool>> acceptance;  // acceptance[set][state]
};

// Called about every 1,024 steps of the translation; it stops the translation by throwing
// (the caller's own limit exception: a time or memory budget).
using TranslationPoll = std::function<void()>;
// No claim a person writes about two endpoints needs more; past it the tableau is exploding.
inline constexpr std::size_t kMaxBuchiStates = 20000;

// The automaton accepting exactly the runs that satisfy `formula`. Temporal-free maximal
// subformulas become predicates. Throws InputError(where) above kMaxPredicates predicates or
// kMaxBuchiStates states; `poll`, if given, may throw to stop it.
Buchi translate(const Formula& formula, const std::string& where, const TranslationPoll& poll = {});

// The predicates translate(formula, where) would have, in the same order, without building
// the automaton (checking a lasso needs only them).
std::vector<Formula> predicates_of(const Formula& formula, const std::string& where);

// The negation-normal form the translation works on, printed (for messages and tests).
std::string negation_normal_form(const Formula& formula);

// Does the automaton accept the word prefix · cycle^ω? (cycle non-empty)
bool accepts(const Buchi& automaton, const std::vector<PredicateMask>& prefix,
             const std::vector<PredicateMask>& cycle);

// Direct evaluation of `formula` on prefix · cycle^ω, where `predicates` gives the truth of
// each temporal-free subformula by its printed form: an oracle independent of the automaton.
bool holds_on_lasso(const Formula& formula, const std::vector<Formula>& predicates,
                    const std::vector<PredicateMask>& prefix,
                    const std::vector<PredicateMask>& cycle);

}  // namespace finwait::properties
