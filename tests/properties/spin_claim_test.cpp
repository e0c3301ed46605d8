// The reader of SPIN's never claims (the test oracle) on claims checked by hand.
#include <catch2/catch.hpp>

#include <vector>

#include "random_ltl.hpp"
#include "spin_claim.hpp"

using namespace finwait::testing;

namespace {
constexpr Letter none = 0, P = 1, Q = 2, R = 4;  // p, q, r as letters
}  // namespace

TEST_CASE("the never-claim reader on claims checked by hand", "[properties]") {
  // spin -f '[]<>p'
  const auto infinitely_p = parse_never_claim(R"(never  {    /* []<>p */
T0_init:
	do
	:: ((p)) -> goto accept_S9
	:: (1) -> goto T0_init
	od;
accept_S9:
	do
	:: (1) -> goto T0_init
	od;
}
)");
  REQUIRE(infinitely_p.edges.size() == 2);
  CHECK(infinitely_p.accepting == std::vector<bool>{false, true});
  CHECK(claim_accepts(infinitely_p, {{}, {none, P}}));
  CHECK_FALSE(claim_accepts(infinitely_p, {{P, P}, {Q}}));
  // spin -f '(p U q) || []r': two labels never share a state here, atomic means accept_all.
  const auto until_or_always = parse_never_claim(R"(never  {    /* (p U q) || []r */
T0_init:
	do
	:: ((r)) -> goto accept_S2
	:: atomic { ((q)) -> assert(!((q))) }
	:: ((p)) -> goto T0_S5
	od;
accept_S2:
	do
	:: ((r)) -> goto accept_S2
	od;
T0_S5:
	do
	:: atomic { ((q)) -> assert(!((q))) }
	:: ((p)) -> goto T0_S5
	od;
accept_all:
	skip
}
)");
  CHECK(claim_accepts(until_or_always, {{P, P}, {Q}}));
  CHECK(claim_accepts(until_or_always, {{}, {R}}));
  CHECK_FALSE(claim_accepts(until_or_always, {{P, P}, {P}}));
  CHECK_FALSE(claim_accepts(until_or_always, {{R, R}, {R, none}}));
  // spin -f 'p': accept_init and T0_init name one state.
  const auto just_p = parse_never_claim(R"(never  {    /* p */
accept_init:
T0_init:
	do
	:: atomic { ((p)) -> assert(!((p))) }
	od;
accept_all:
	skip
}
)");
  CHECK(just_p.edges.size() == 2);
  CHECK(claim_accepts(just_p, {{P}, {none}}));
  CHECK_FALSE(claim_accepts(just_p, {{Q}, {P}}));
  // spin -f '!((r && p) || <>q) && q': unsatisfiable, printed as a state with the option false.
  const auto nothing = parse_never_claim(R"(never  {    /* ((!(((((r) && (p))) || (<>(q))))) && (q)) */
accept_init:
T0_init:
	do
	:: false
	od;
}
)");
  REQUIRE(nothing.edges.size() == 1);
  CHECK(nothing.edges[0].empty());
  CHECK_FALSE(claim_accepts(nothing, {{Q}, {none}}));
  CHECK(parse_guard("(! ((q)) && (p&&q))") == 0);
  CHECK(parse_guard("((! ((p)) || (q)))") == 0xDD);  // all but 1 and 5
}
