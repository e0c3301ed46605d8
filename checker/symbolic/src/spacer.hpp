// What PDR and k-liveness share: a Spacer fixedpoint engine, Horn rules, the query.
#pragma once
#include <z3++.h>

#include <string>

#include "deadline.hpp"

namespace finwait::checker::symbolic {

// A fixedpoint object set to Spacer with `relations` registered.
inline void use_spacer(z3::fixedpoint& fp, std::initializer_list<z3::func_decl> relations) {
  z3::params p(fp.ctx());
  p.set("engine", "spacer");
  fp.set(p);
  for (z3::func_decl r : relations) fp.register_relation(r);
}

// forall vars. body -> head
inline void add_horn_rule(z3::fixedpoint& fp, const z3::expr_vector& vars, const z3::expr& body,
                          const z3::expr& head, const char* name) {
  z3::expr rule = vars.empty() ? z3::implies(body, head) : z3::forall(vars, z3::implies(body, head));
  fp.add_rule(rule, fp.ctx().str_symbol(name));
}

// Is the nullary relation `bad` derivable? (sat: yes; unsat: never.)
inline z3::check_result query(z3::fixedpoint& fp, const z3::func_decl& bad, const Deadline& deadline) {
  z3::func_decl_vector queries(fp.ctx());
  queries.push_back(bad);
  return deadline.check([&] { return fp.query(queries); });
}

}  // namespace finwait::checker::symbolic
