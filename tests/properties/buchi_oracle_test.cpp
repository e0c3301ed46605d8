// translate()/accepts() against holds_on_lasso, an unrolling evaluator and SPIN's never claims.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "finwait/model/channel.hpp"
#include "finwait/model/config.hpp"
#include "finwait/model/input_error.hpp"
#include "finwait/model/system_state.hpp"
#include "finwait/properties/buchi.hpp"
#include "finwait/properties/formula.hpp"
#include "random_ltl.hpp"
#include "spin_claim.hpp"

using namespace finwait;
using namespace finwait::properties;
using finwait::testing::Letter;
using finwait::testing::LetterLasso;
using finwait::testing::Ltl;

namespace {

// The propositions as letters: p is A = CLOSED, q is B = CLOSED, r is empty(A->B).
constexpr Letter none = 0, P = 1, Q = 2, R = 4;

const model::ChannelShape& shape() {
  static const model::ChannelShape s{model::ModelConfig{}};
  return s;
}

// A system state where exactly the propositions of `v` hold: an endpoint is CLOSED or
// ESTABLISHED, and A->B is empty or holds one FIN.
model::SystemState realise(Letter v) {
  model::SystemState s = model::initial_state();
  s.at(model::Party::A).st = (v & P) ? model::TcpState::Closed : model::TcpState::Established;
  s.at(model::Party::B).st = (v & Q) ? model::TcpState::Closed : model::TcpState::Established;
  if (!(v & R)) model::push(s.from(model::Party::A), model::Segment::Fin, shape());
  return s;
}

// The automaton's letters for a word: each predicate (a boolean combination of p q r)
// evaluated on a state realising each valuation.
std::vector<PredicateMask> masks(const std::vector<Formula>& predicates, const std::vector<Letter>& word) {
  std::vector<PredicateMask> out;
  for (Letter v : word) {
    const model::SystemState s = realise(v);
    PredicateMask m = 0;
    for (std::size_t i = 0; i < predicates.size(); ++i)
      if (evaluate(predicates[i], s, shape())) m |= PredicateMask{1} << i;
    out.push_back(m);
  }
  return out;
}

bool automaton_accepts(const Buchi& a, const LetterLasso& l) {
  return accepts(a, masks(a.predicates, l.prefix), masks(a.predicates, l.cycle));
}

bool direct_holds(const Formula& f, const Buchi& a, const LetterLasso& l) {
  return holds_on_lasso(f, a.predicates, masks(a.predicates, l.prefix), masks(a.predicates, l.cycle));
}

struct HandCase {
  const char* formula;
  LetterLasso lasso;
  bool holds;
};

}  // namespace

TEST_CASE("always A = CLOSED is one initial state that loops, with no acceptance sets", "[properties]") {
  // NNF: false R p. The tableau's branch (false and p) dies; the other keeps p and owes
  // X(false R p), which expands to the same node: a single self-looping state labelled p.
  const Buchi a = translate(parse_formula("always A = CLOSED", "t"), "t");
  REQUIRE(a.predicates.size() == 1);
  CHECK(to_string(a.predicates[0]) == "A = CLOSED");
  REQUIRE(a.states.size() == 1);
  CHECK(a.initial == std::vector<int>{0});
  CHECK(a.states[0].successors == std::vector<int>{0});
  CHECK(a.states[0].positive == 1);
  CHECK(a.states[0].negative == 0);
  CHECK(a.acceptance.empty());
}

TEST_CASE("eventually A = CLOSED waits in one state outside its acceptance set", "[properties]") {
  // NNF: true U p. Nodes: waiting {U, true} (owes the until, loops), fulfilling {U, p}, and
  // the empty node after it (loops). One acceptance set: the nodes that do not owe p.
  const Buchi a = translate(parse_formula("eventually A = CLOSED", "t"), "t");
  REQUIRE(a.states.size() == 3);
  REQUIRE(a.acceptance.size() == 1);
  int outside = 0;
  for (std::size_t q = 0; q < a.states.size(); ++q) {
    if (a.acceptance[0][q]) continue;
    ++outside;
    CHECK(a.states[q].positive == 0);
    CHECK(std::count(a.states[q].successors.begin(), a.states[q].successors.end(), static_cast<int>(q)) == 1);
  }
  CHECK(outside == 1);
  CHECK(a.initial.size() == 2);
}

TEST_CASE("hand-picked formulas on hand-picked lassos", "[properties]") {
  const std::vector<HandCase> cases = {
      {"always eventually A = CLOSED", {{}, {none, P}}, true},
      {"always eventually A = CLOSED", {{P, P}, {none}}, false},
      {"eventually always A = CLOSED", {{none, Q}, {P}}, true},
      {"eventually always A = CLOSED", {{P}, {P, none}}, false},
      {"A = CLOSED until B = CLOSED", {{P, P}, {Q}}, true},
      {"A = CLOSED until B = CLOSED", {{P, none}, {Q}}, false},
      {"A = CLOSED until B = CLOSED", {{}, {P}}, false},  // strong until: q never comes
      {"A = CLOSED release B = CLOSED", {{}, {Q}}, true},  // q forever
      {"A = CLOSED release B = CLOSED", {{Q}, {none}}, false},
      {"A = CLOSED release B = CLOSED", {{Q, P | Q}, {none}}, true},
      {"always (A = CLOSED implies eventually B = CLOSED)", {{}, {P, none, Q}}, true},
      {"always (A = CLOSED implies eventually B = CLOSED)", {{Q, P}, {none}}, false},
      {"not eventually empty(A->B)", {{}, {P | Q}}, true},
      {"not eventually empty(A->B)", {{none, none}, {none, R}}, false},
      {"always (empty(A->B) or A = CLOSED)", {{R, P}, {P | R, R}}, true},
      {"always (empty(A->B) or A = CLOSED)", {{R}, {P, Q}}, false},
      {"true until false", {{}, {P | Q | R}}, false},
      {"false release true", {{}, {none}}, true},
      {"(A = CLOSED and B = CLOSED) until empty(A->B)", {{P | Q, P | Q}, {R}}, true},
      {"(A = CLOSED and B = CLOSED) until empty(A->B)", {{P | Q, P}, {R}}, false},
  };
  for (const HandCase& c : cases) {
    const Formula f = parse_formula(c.formula, "t");
    const Buchi a = translate(f, "t");
    INFO(c.formula << " on " << finwait::testing::describe(c.lasso));
    CHECK(automaton_accepts(a, c.lasso) == c.holds);
    CHECK(direct_holds(f, a, c.lasso) == c.holds);
  }
}

TEST_CASE("holds_on_lasso finds predicates by printed form, in any order", "[properties]") {
  const Formula f = parse_formula("always (A = CLOSED implies (A = CLOSED until empty(A->B)))", "t");
  const Buchi a = translate(f, "t");
  REQUIRE(a.predicates.size() == 2);
  const std::vector<Formula> reversed = {a.predicates[1], a.predicates[0]};
  const LetterLasso holds{{P, P, R}, {none}}, fails{{P, P}, {P}};
  CHECK(holds_on_lasso(f, reversed, masks(reversed, holds.prefix), masks(reversed, holds.cycle)));
  CHECK_FALSE(holds_on_lasso(f, reversed, masks(reversed, fails.prefix), masks(reversed, fails.cycle)));
}

TEST_CASE("translate and accepts agree with holds_on_lasso and an unrolling evaluator", "[properties]") {
  // Sizes keep the whole suite fast on 2 cores; the seeds are fixed, so runs reproduce.
  constexpr int kFormulas = 800, kLassos = 40;
  std::mt19937 rng(99991), spelling(7);
  int comparisons = 0, disagreements = 0;
  std::vector<std::string> first;
  for (int i = 0; i < kFormulas; ++i) {
    const Ltl tree = finwait::testing::random_ltl(rng, 4);
    const std::string text = finwait::testing::finwait_text(tree, spelling);
    const Formula f = parse_formula(text, "random");
    const Buchi a = translate(f, "random");
    for (int k = 0; k < kLassos; ++k) {
      const LetterLasso l = finwait::testing::random_lasso(rng);
      const bool automaton = automaton_accepts(a, l), direct = direct_holds(f, a, l);
      const bool reference = finwait::testing::reference_holds(tree, l);
      ++comparisons;
      if (automaton == direct && direct == reference) continue;
      if (++disagreements <= 10)
        first.push_back(fmt::format("{} on {}: accepts {}, holds_on_lasso {}, reference {} (NNF {})", text,
                                    finwait::testing::describe(l), automaton, direct, reference,
                                    negation_normal_form(f)));
    }
  }
  WARN(fmt::format("{} formulas x {} lassos: {} comparisons, {} disagreements", kFormulas, kLassos,
                   comparisons, disagreements));
  CHECK(comparisons == kFormulas * kLassos);
  CHECK(first == std::vector<std::string>{});
  CHECK(disagreements == 0);
}

TEST_CASE("SPIN's never claims agree with direct evaluation and the automaton", "[properties]") {
  if (!finwait::testing::spin_available()) {
    WARN("spin is not installed: the comparison with SPIN's never claims is skipped");
    return;
  }
  constexpr int kFormulas = 300, kLassos = 30;  // one spin process per distinct formula
  std::mt19937 rng(77777), spelling(11);
  std::map<std::string, std::optional<finwait::testing::NeverClaim>> claims;  // by SPIN formula
  int comparisons = 0, disagreements = 0, too_slow = 0;
  std::vector<std::string> first;
  for (int i = 0; i < kFormulas; ++i) {
    const Ltl tree = finwait::testing::random_ltl(rng, 4);
    const std::string text = finwait::testing::finwait_text(tree, spelling);
    const std::string spin = finwait::testing::spin_text(tree);
    if (!claims.count(spin)) {
      try {
        const auto claim = finwait::testing::spin_never_claim(spin);
        claims[spin] = claim ? std::optional(finwait::testing::parse_never_claim(*claim)) : std::nullopt;
      } catch (const std::exception& e) {
        FAIL(fmt::format("SPIN's claim for {}: {}", spin, e.what()));
      }
    }
    if (!claims.at(spin)) {
      ++too_slow;
      continue;
    }
    const Formula f = parse_formula(text, "random");
    const Buchi a = translate(f, "random");
    for (int k = 0; k < kLassos; ++k) {
      const LetterLasso l = finwait::testing::random_lasso(rng);
      const bool by_spin = finwait::testing::claim_accepts(*claims.at(spin), l);
      const bool direct = direct_holds(f, a, l), automaton = automaton_accepts(a, l);
      ++comparisons;
      if (by_spin == direct && direct == automaton) continue;
      if (++disagreements <= 10)
        first.push_back(fmt::format("{} (SPIN: {}) on {}: SPIN {}, holds_on_lasso {}, accepts {}", text, spin,
                                    finwait::testing::describe(l), by_spin, direct, automaton));
    }
  }
  WARN(fmt::format("SPIN: {} formulas ({} distinct, {} skipped: SPIN took over 3 s) x {} lassos: "
                   "{} comparisons, {} disagreements",
                   kFormulas, claims.size(), too_slow, kLassos, comparisons, disagreements));
  CHECK(too_slow <= kFormulas / 20);
  CHECK(comparisons == (kFormulas - too_slow) * kLassos);
  CHECK(first == std::vector<std::string>{});
  CHECK(disagreements == 0);
}

TEST_CASE("translate accepts 64 distinct conditions and refuses 65", "[properties]") {
  auto conjunction = [](int n) {  // always A.retx = 0 and always A.retx = 1 and ...
    std::string text = "always A.retx = 0";
    for (int i = 1; i < n; ++i) text.append(" and always A.retx = ").append(std::to_string(i));
    return parse_formula(text, "t");
  };
  CHECK(translate(conjunction(64), "t").predicates.size() == 64);
  try {
    translate(conjunction(65), "big.prop:1");
    FAIL("65 conditions were accepted");
  } catch (const InputError& e) {
    CHECK(e.where() == "big.prop:1");
    CHECK_THAT(e.what(), Catch::Contains("more than 64"));
  }
}
