// Negation-normal form: negations pushed to the predicates, derived operators expanded.
#include "ltl_nnf.hpp"

#include <fmt/format.h>

namespace finwait::properties {

using K = Formula::Kind;
using Op = NnfNode::Op;

int NnfTable::make(NnfNode n) {
  const auto key = std::make_tuple(static_cast<int>(n.op), n.a, n.b, n.pred, n.positive);
  const auto it = m_index.find(key);
  if (it != m_index.end()) return it->second;
  m_nodes.push_back(n);
  const int id = static_cast<int>(m_nodes.size()) - 1;
  m_index.emplace(key, id);
  return id;
}

int NnfTable::predicate(const Formula& f) {
  const std::string key = to_string(f);
  const auto it = m_predicate_index.find(key);
  if (it != m_predicate_index.end()) return it->second;
  m_predicates.push_back(f);
  m_predicate_index.emplace(key, static_cast<int>(m_predicates.size()) - 1);
  return static_cast<int>(m_predicates.size()) - 1;
}

int NnfTable::node(Op op, int a, int b) {
  NnfNode n;
  n.op = op;
  n.a = a;
  n.b = b;
  return make(n);
}

int NnfTable::fold(const Formula& f, Op op, bool negate) {
  int acc = convert(f.children[0], negate);
  for (std::size_t i = 1; i < f.children.size(); ++i) acc = node(op, acc, convert(f.children[i], negate));
  return acc;
}

int NnfTable::convert(const Formula& f, bool negate) {
  if (f.kind == K::True || f.kind == K::False)
    return node((f.kind == K::True) != negate ? Op::True : Op::False);
  if (f.kind == K::Not) return convert(f.children[0], !negate);
  if (!is_temporal(f)) {
    NnfNode n;
    n.op = Op::Lit;
    n.pred = predicate(f);
    n.positive = !negate;
    return make(n);
  }
  const Op disj = negate ? Op::And : Op::Or;
  switch (f.kind) {
    case K::And: return fold(f, negate ? Op::Or : Op::And, negate);
    case K::Or: return fold(f, disj, negate);
    case K::Implies:  // a -> b  ==  !a or b
      return node(disj, convert(f.children[0], !negate), convert(f.children[1], negate));
    case K::Always:  // [] a == false R a ; !([] a) == true U !a
      return negate ? node(Op::Until, node(Op::True), convert(f.children[0], true))
                    : node(Op::Release, node(Op::False), convert(f.children[0], false));
    case K::Eventually:  // <> a == true U a ; !(<> a) == false R !a
      return negate ? node(Op::Release, node(Op::False), convert(f.children[0], true))
                    : node(Op::Until, node(Op::True), convert(f.children[0], false));
    case K::Until:
      return node(negate ? Op::Release : Op::Until, convert(f.children[0], negate),
                  convert(f.children[1], negate));
    case K::Release:
      return node(negate ? Op::Until : Op::Release, convert(f.children[0], negate),
                  convert(f.children[1], negate));
    default: break;
  }
  return node(Op::True);  // unreachable: temporal-free kinds were handled above
}

std::string NnfTable::print(int id) const {
  // Built with fmt: GCC 12 reports a false -Wrestrict on chained std::string operator+.
  const NnfNode& n = m_nodes[id];
  switch (n.op) {
    case Op::True: return "true";
    case Op::False: return "false";
    case Op::Lit: return fmt::format("{}{{{}}}", n.positive ? "" : "!", to_string(m_predicates[n.pred]));
    case Op::And: return fmt::format("({} and {})", print(n.a), print(n.b));
    case Op::Or: return fmt::format("({} or {})", print(n.a), print(n.b));
    case Op::Until: return fmt::format("({} U {})", print(n.a), print(n.b));
    case Op::Release: return fmt::format("({} R {})", print(n.a), print(n.b));
  }
  return "?";
}

}  // namespace finwait::properties
