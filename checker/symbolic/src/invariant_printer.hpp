// Prints a Z3 formula over the state variables in the model's own vocabulary.
#pragma once
#include <z3++.h>

#include <string>

#include "finwait/checker/symbolic/state_vars.hpp"

namespace finwait::checker::symbolic {

// `vars` holds one constant per layout variable. Atoms over one state or reason variable
// print as "A.st = CLOSING", "A.st in {FIN_WAIT_1, CLOSING}"; letters print by name; the
// rest as arithmetic over "A->B.#FIN", "A.retx", ... A top-level conjunction prints one
// conjunct per line.
// One value of a variable in the model's words: "CLOSING", "giveup", "FINACK", "3".
std::string value_name(const VarInfo& v, int value);

std::string print_invariant(const z3::expr& formula, const StateLayout& layout,
                            const StateVars& vars);

}  // namespace finwait::checker::symbolic
