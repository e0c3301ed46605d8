// Hash-consed negation-normal-form LTL with predicates as literals, for the tableau.
#pragma once

#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "finwait/properties/formula.hpp"

namespace finwait::properties {

struct NnfNode {
  enum class Op { True, False, Lit, And, Or, Until, Release };
  Op op = Op::True;
  int a = -1, b = -1;     // children (node ids)
  int pred = -1;          // Lit: predicate index
  bool positive = true;   // Lit: the predicate, or its negation
};

class NnfTable {
 public:
  // Converts `f` (negated if `negate`) into NNF and returns its node id.
  int convert(const Formula& f, bool negate);
  const NnfNode& at(int id) const { return m_nodes[id]; }
  int size() const { return static_cast<int>(m_nodes.size()); }
  const std::vector<Formula>& predicates() const { return m_predicates; }
  std::string print(int id) const;

 private:
  int make(NnfNode n);
  int node(NnfNode::Op op, int a = -1, int b = -1);
  // The children of an n-ary and/or joined left to right by `op`.
  int fold(const Formula& f, NnfNode::Op op, bool negate);
  int predicate(const Formula& f);

  std::vector<NnfNode> m_nodes;
  std::map<std::tuple<int, int, int, int, bool>, int> m_index;
  std::vector<Formula> m_predicates;
  std::map<std::string, int> m_predicate_index;
};

}  // namespace finwait::properties
