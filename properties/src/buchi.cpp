// The GPVW tableau (Gerth, Peled, Vardi, Wolper 1995) without the next operator.
#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "finwait/model/input_error.hpp"
#include "finwait/properties/buchi.hpp"
#include "ltl_nnf.hpp"

namespace finwait::properties {
namespace {

using Op = NnfNode::Op;
constexpr int kInit = -1;

struct TableauNode {
  std::set<int> incoming, pending, old, next;
};

class Tableau {
 public:
  Tableau(const NnfTable& table, const std::string& where, const TranslationPoll& poll)
      : m_table(table), m_where(where), m_poll(poll) {}

  std::vector<TableauNode> run(int root) {
    TableauNode start;
    start.incoming = {kInit};
    start.pending = {root};
    expand(std::move(start));
    return std::move(m_done);
  }

 private:
  bool contradicts(const std::set<int>& old, const NnfNode& lit) const {
    for (int id : old) {
      const NnfNode& o = m_table.at(id);
      if (o.op == Op::Lit && o.pred == lit.pred && o.positive != lit.positive) return true;
    }
    return false;
  }

  void add_pending(TableauNode& n, int id) const {
    if (!n.old.count(id)) n.pending.insert(id);
  }

  // An explicit worklist rather than recursion: large formulas make deep expansions.
  void expand(TableauNode start) {
    std::vector<TableauNode> work;
    work.push_back(std::move(start));
    std::size_t steps = 0;
    while (!work.empty()) {
      // The tableau can grow exponentially with the formula: the caller's limits apply here.
      if (m_poll && (++steps & 1023) == 0) m_poll();
      TableauNode n = std::move(work.back());
      work.pop_back();
      step(std::move(n), work);
    }
  }

  void step(TableauNode n, std::vector<TableauNode>& work) {
    if (n.pending.empty()) return finish(std::move(n), work);
    const int eta = *n.pending.begin();
    n.pending.erase(n.pending.begin());
    const NnfNode& f = m_table.at(eta);
    switch (f.op) {
      case Op::False: return;
      case Op::Lit:
        if (contradicts(n.old, f)) return;
        [[fallthrough]];
      case Op::True:
        n.old.insert(eta);
        work.push_back(std::move(n));
        return;
      case Op::And:
        n.old.insert(eta);
        add_pending(n, f.a);
        add_pending(n, f.b);
        work.push_back(std::move(n));
        return;
      case Op::Or:
      case Op::Until:
      case Op::Release:
        n.old.insert(eta);
        return split(n, eta, f, work);
    }
  }

  // A fully expanded node: merged into an equal one, or stored, and its successor (the
  // obligations for the next state) queued.
  void finish(TableauNode n, std::vector<TableauNode>& work) {
    const auto [at, added] = m_index.try_emplace({n.old, n.next}, m_done.size());
    if (!added) {
      TableauNode& d = m_done[at->second];
      d.incoming.insert(n.incoming.begin(), n.incoming.end());
      return;
    }
    if (m_done.size() >= kMaxBuchiStates)
      throw InputError(m_where, "the claim's automaton passes " + std::to_string(kMaxBuchiStates) +
                                    " states; split it into several claims");
    m_done.push_back(n);
    TableauNode succ;
    succ.incoming = {static_cast<int>(m_done.size()) - 1};
    succ.pending = n.next;
    work.push_back(std::move(succ));
  }

  // The two ways of meeting a disjunctive obligation.
  // Or: a | b.  Until: b | (a & X(a U b)).  Release: (a & b) | (b & X(a R b)).
  void split(const TableauNode& n, int eta, const NnfNode& f, std::vector<TableauNode>& work) {
    TableauNode first = n, second = n;
    if (f.op == Op::Or) {
      add_pending(first, f.a);
      add_pending(second, f.b);
    } else if (f.op == Op::Until) {
      add_pending(first, f.a);
      first.next.insert(eta);
      add_pending(second, f.b);
    } else {
      add_pending(first, f.b);
      first.next.insert(eta);
      add_pending(second, f.a);
      add_pending(second, f.b);
    }
    work.push_back(std::move(second));  // LIFO: `first` is expanded first
    work.push_back(std::move(first));
  }

  const NnfTable& m_table;
  const std::string& m_where;
  const TranslationPoll& m_poll;
  std::vector<TableauNode> m_done;
  std::map<std::pair<std::set<int>, std::set<int>>, std::size_t> m_index;  // (old, next) -> node
};

}  // namespace

std::vector<Formula> predicates_of(const Formula& formula, const std::string& where) {
  NnfTable table;
  table.convert(formula, false);
  if (table.predicates().size() > kMaxPredicates)
    throw InputError(where, "the formula has more than 64 distinct conditions");
  return table.predicates();
}

Buchi translate(const Formula& formula, const std::string& where, const TranslationPoll& poll) {
  NnfTable table;
  const int root = table.convert(formula, false);
  if (table.predicates().size() > kMaxPredicates)
    throw InputError(where, "the formula has more than 64 distinct conditions");
  const std::vector<TableauNode> nodes = Tableau(table, where, poll).run(root);

  Buchi out;
  out.predicates = table.predicates();
  out.states.resize(nodes.size());
  for (std::size_t q = 0; q < nodes.size(); ++q) {
    for (int id : nodes[q].old) {
      const NnfNode& n = table.at(id);
      if (n.op != Op::Lit) continue;
      (n.positive ? out.states[q].positive : out.states[q].negative) |= PredicateMask{1} << n.pred;
    }
    for (int from : nodes[q].incoming) {
      if (from == kInit) out.initial.push_back(static_cast<int>(q));
      else out.states[from].successors.push_back(static_cast<int>(q));
    }
  }
  // One acceptance set per until a U b: states that do not owe it, or that fulfil it.
  for (int id = 0; id < table.size(); ++id) {
    if (table.at(id).op != Op::Until) continue;
    std::vector<bool> set(nodes.size());
    for (std::size_t q = 0; q < nodes.size(); ++q)
      set[q] = !nodes[q].old.count(id) || nodes[q].old.count(table.at(id).b);
    out.acceptance.push_back(std::move(set));
  }
  for (auto& s : out.states) std::sort(s.successors.begin(), s.successors.end());
  return out;
}

std::string negation_normal_form(const Formula& formula) {
  NnfTable table;
  return table.print(table.convert(formula, false));
}

}  // namespace finwait::properties
