// Invariants found by Spacer, printed with state and segment names instead of numbers.
#include "invariant_printer.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <vector>

#include "finwait/model/vocabulary.hpp"

namespace finwait::checker::symbolic {

std::string value_name(const VarInfo& v, int value) {
  switch (v.domain) {
    case Domain::TcpState:
      if (value >= 0 && value < model::kTcpStateCount)
        return std::string(model::name(static_cast<model::TcpState>(value)));
      break;
    case Domain::Why:
      if (value >= 0 && value < model::kWhyCount)
        return std::string(model::name(static_cast<model::Why>(value)));
      break;
    case Domain::Letter:
      if (value >= 0 && value < model::kSegmentCount)
        return std::string(model::name(static_cast<model::Segment>(value)));
      break;
    case Domain::Number:
      break;
  }
  return std::to_string(value);
}

namespace {

// Joins by append: chained std::string operator+ trips GCC 12's -Wrestrict false positive.
std::string concat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view p : parts) out.append(p);
  return out;
}

class Printer {
 public:
  Printer(const StateLayout& layout, const StateVars& vars) : m_layout(layout) {
    for (std::size_t i = 0; i < vars.size(); ++i)
      m_index[vars[static_cast<int>(i)].decl().name().str()] = static_cast<int>(i);
  }

  std::string print(const z3::expr& e) {
    if (e.is_bool()) return print_bool(e);
    return print_term(e);
  }

 private:
  // The layout variable a term is, or -1.
  int var_of(const z3::expr& e) const {
    if (!e.is_const() || e.is_numeral()) return -1;
    auto it = m_index.find(e.decl().name().str());
    return it == m_index.end() ? -1 : it->second;
  }


  // An atom whose only variable is one named variable (st, why or a fifo slot): the set of
  // values of its finite domain that satisfy it.
  std::optional<std::string> as_set(const z3::expr& atom) {
    std::vector<int> vars;
    collect_vars(atom, vars);
    if (vars.size() != 1) return std::nullopt;
    const VarInfo& v = m_layout.vars()[vars[0]];
    if (v.domain == Domain::Number || !v.high) return std::nullopt;
    std::vector<int> yes;
    const int domain_size = *v.high - v.low + 1;
    for (int value = v.low; value <= *v.high; ++value) {
      z3::expr_vector from(atom.ctx()), to(atom.ctx());
      from.push_back(m_var_expr.at(vars[0]));
      to.push_back(atom.ctx().int_val(value));
      z3::expr copy = atom;
      const z3::expr holds = copy.substitute(from, to).simplify();
      if (holds.is_true()) yes.push_back(value);
      else if (!holds.is_false()) return std::nullopt;
    }
    if (yes.empty()) return "false";
    if (static_cast<int>(yes.size()) == domain_size) return "true";
    if (yes.size() == 1) return concat({v.name, " = ", value_name(v, yes[0])});
    std::vector<int> no;
    for (int value = v.low; value <= *v.high; ++value)
      if (std::find(yes.begin(), yes.end(), value) == yes.end()) no.push_back(value);
    if (no.size() == 1) return concat({v.name, " != ", value_name(v, no[0])});
    // The shorter of "in {...}" and "not in {...}".
    const bool negate = no.size() < yes.size();
    std::string out = concat({v.name, negate ? " not in {" : " in {"});
    const std::vector<int>& listed = negate ? no : yes;
    for (std::size_t i = 0; i < listed.size(); ++i) {
      if (i) out.append(", ");
      out.append(value_name(v, listed[i]));
    }
    out.append("}");
    return out;
  }

  void collect_vars(const z3::expr& e, std::vector<int>& out) {
    const int v = var_of(e);
    if (v >= 0) {
      if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
      m_var_expr.insert_or_assign(v, e);
      return;
    }
    if (e.is_app())
      for (unsigned i = 0; i < e.num_args(); ++i) collect_vars(e.arg(i), out);
  }

  std::string join(const z3::expr& e, const char* op) {
    std::string out;
    for (unsigned i = 0; i < e.num_args(); ++i) {
      if (i) out.append(op);
      out.append(concat({"(", print(e.arg(i)), ")"}));
    }
    return out;
  }

  // A clause whose first disjunct excludes a single state reads better as an implication:
  // "A.st != CLOSE_WAIT or X" prints as "A.st = CLOSE_WAIT implies X".
  std::string print_clause(const z3::expr& e) {
    std::vector<std::string> parts;
    std::optional<std::size_t> premise;
    std::optional<std::string> both;  // "not (P and Q)" reads "P and Q implies"
    for (unsigned i = 0; i < e.num_args(); ++i) {
      const z3::expr a = e.arg(i);
      if (!premise && !both && a.is_app() && a.decl().decl_kind() == Z3_OP_NOT &&
          a.arg(0).is_app() && a.arg(0).decl().decl_kind() == Z3_OP_AND) {
        both = join(a.arg(0), " and ");
        continue;
      }
      parts.push_back(print(a));
      const std::size_t space = parts.back().find(' ');
      if (!premise && space != std::string::npos &&
          (parts.back().compare(space, 4, " != ") == 0 ||
           parts.back().compare(space, 9, " not in {") == 0))
        premise = parts.size() - 1;
    }
    std::string out;
    if (both) {
      out = concat({*both, " implies "});
    } else if (premise) {
      std::string p = parts[*premise];
      const std::size_t space = p.find(' ');
      if (p.compare(space, 4, " != ") == 0) p.replace(space, 4, " = ");
      else p.replace(space, 8, " in ");
      out = concat({p, " implies "});
      parts.erase(parts.begin() + static_cast<std::ptrdiff_t>(*premise));
    }
    for (std::size_t i = 0; i < parts.size(); ++i) {
      if (i) out.append(" or ");
      out.append(parts.size() > 1 && parts[i].find(' ') != std::string::npos
                     ? concat({"(", parts[i], ")"}) : parts[i]);
    }
    return out;
  }

  std::string print_bool(const z3::expr& e) {
    if (e.is_true()) return "true";
    if (e.is_false()) return "false";
    const Z3_decl_kind k = e.decl().decl_kind();
    if (k == Z3_OP_AND) return join(e, " and ");
    if (k == Z3_OP_OR) return print_clause(e);
    if (k == Z3_OP_IMPLIES)
      return concat({"(", print(e.arg(0)), ") implies (", print(e.arg(1)), ")"});
    if (k == Z3_OP_NOT) {
      if (auto set = as_set(e)) return *set;
      const z3::expr a = e.arg(0);
      const Z3_decl_kind ak = a.is_app() ? a.decl().decl_kind() : Z3_OP_UNINTERPRETED;
      if (ak == Z3_OP_LE && a.num_args() == 2)
        return concat({print_term(a.arg(0)), " > ", print_term(a.arg(1))});
      if (ak == Z3_OP_GE && a.num_args() == 2)
        return concat({print_term(a.arg(0)), " < ", print_term(a.arg(1))});
      return concat({"not (", print(a), ")"});
    }
    if (auto set = as_set(e)) return *set;
    static const std::map<Z3_decl_kind, const char*> relations = {
        {Z3_OP_EQ, " = "}, {Z3_OP_LE, " <= "}, {Z3_OP_GE, " >= "},
        {Z3_OP_LT, " < "}, {Z3_OP_GT, " > "}};
    // A count or retx (never negative) at most 0 is 0.
    if (k == Z3_OP_LE && e.num_args() == 2 && var_of(e.arg(0)) >= 0 && e.arg(1).is_numeral() &&
        e.arg(1).get_decimal_string(0) == "0" && m_layout.vars()[var_of(e.arg(0))].low == 0)
      return concat({print_term(e.arg(0)), " = 0"});
    auto it = relations.find(k);
    if (it != relations.end() && e.num_args() == 2)
      return concat({print_term(e.arg(0)), it->second, print_term(e.arg(1))});
    return e.to_string();
  }

  std::string print_term(const z3::expr& e) {
    const int v = var_of(e);
    if (v >= 0) return m_layout.vars()[v].name;
    if (e.is_numeral()) return e.get_decimal_string(0);
    if (!e.is_app()) return e.to_string();
    const Z3_decl_kind k = e.decl().decl_kind();
    if (k == Z3_OP_ADD) {
      std::string out;
      for (unsigned i = 0; i < e.num_args(); ++i) {
        if (i) out.append(" + ");
        out.append(print_term(e.arg(i)));
      }
      return out;
    }
    if (k == Z3_OP_MUL && e.num_args() == 2 && e.arg(0).is_numeral()) {
      const std::string c = e.arg(0).get_decimal_string(0);
      return concat({c == "-1" ? std::string("-") : concat({c, "*"}), print_term(e.arg(1))});
    }
    if (k == Z3_OP_SUB && e.num_args() == 2)
      return concat({print_term(e.arg(0)), " - ", print_term(e.arg(1))});
    if (k == Z3_OP_UMINUS) return concat({"-", print_term(e.arg(0))});
    return e.to_string();
  }

  const StateLayout& m_layout;
  std::map<std::string, int> m_index;
  std::map<int, z3::expr> m_var_expr;
};

}  // namespace

std::string print_invariant(const z3::expr& formula, const StateLayout& layout,
                            const StateVars& vars) {
  Printer printer(layout, vars);
  const z3::expr f = formula.simplify();
  if (f.is_app() && f.decl().decl_kind() == Z3_OP_AND) {
    std::string out;
    for (unsigned i = 0; i < f.num_args(); ++i) out.append(concat({"  ", printer.print(f.arg(i)), "\n"}));
    return out;
  }
  return concat({"  ", printer.print(f), "\n"});
}

}  // namespace finwait::checker::symbolic
