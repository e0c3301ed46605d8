// The Z3 variables of one system state, and what each of them means in MODEL.md's words.
#pragma once
#include <z3++.h>

#include <optional>
#include <string>
#include <vector>

#include "finwait/model/config.hpp"
#include "finwait/model/vocabulary.hpp"

namespace finwait::checker::symbolic {

// What values a variable ranges over; decides how invariants print it ("A.st = CLOSING").
enum class Domain { TcpState, Why, Letter, Number };

struct VarInfo {
  std::string name;  // "A.st", "A->B.#FIN", "A->B.len", "A->B[0]"
  Domain domain = Domain::Number;
  int low = 0;
  std::optional<int> high;  // nullopt: unbounded above (counts with capacity inf)
};

// Every state variable is an Int. Endpoints: st, retx, why (retx is the constant 0 when
// R = inf, as MODEL.md does not track it). Bag channels: one count per letter. Fifo
// channels: a length and `capacity` slots holding letters, slots at or after the length 0
// (so that equal contents are equal valuations, as MODEL.md counts states).
class StateLayout {
 public:
  explicit StateLayout(const model::ModelConfig& config);
  const model::ModelConfig& config() const { return m_config; }
  const std::vector<VarInfo>& vars() const { return m_vars; }
  std::size_t size() const { return m_vars.size(); }
  bool fifo() const { return m_config.channel == model::ChannelKind::Fifo; }
  bool tracks_retx() const { return !m_config.retries_infinite(); }
  unsigned capacity() const { return m_config.capacity; }  // fifo only (finite)

  int st(model::Party p) const { return m_st[index(p)]; }
  int retx(model::Party p) const { return m_retx[index(p)]; }  // -1 when untracked
  int why(model::Party p) const { return m_why[index(p)]; }
  int count(model::Party sender, model::Segment s) const;  // bag
  int len(model::Party sender) const;                      // fifo
  int slot(model::Party sender, unsigned i) const;         // fifo

 private:
  static int index(model::Party p) { return static_cast<int>(p); }
  int add(std::string name, Domain d, int low, std::optional<int> high);
  model::ModelConfig m_config;
  std::vector<VarInfo> m_vars;
  int m_st[2]{}, m_retx[2]{-1, -1}, m_why[2]{};
  int m_first_channel_var[2]{};
};

// The number sort of an encoding: Int for Spacer and unbounded proofs; for BMC and finite
// k-induction, unsigned bit-vectors just wide enough for each variable's range, which Z3
// bit-blasts to SAT (16-bit vectors were ~10x slower, Int slower still).
enum class Arithmetic { Int, BitVector };
// Bits for the values 0..max_value.
unsigned bits_for(unsigned max_value);
// A number constant of the sort: Int, or a bit-vector wide enough for 0..max_value.
z3::expr number_const(z3::context& ctx, const std::string& name, Arithmetic a, unsigned max_value);

// The constant `v` in the sort of `like` (callers keep v in range; see less() for tests).
inline z3::expr lit(const z3::expr& like, int v) { return like.ctx().num_val(v, like.get_sort()); }
// a < v, a <= v, ... with a a state term: unsigned for bit-vectors, and decided outright when
// v lies outside what the vector can hold.
z3::expr less(const z3::expr& a, int v);
inline z3::expr less_eq(const z3::expr& a, int v) { return less(a, v + 1); }
inline z3::expr greater(const z3::expr& a, int v) { return !less_eq(a, v); }
inline z3::expr greater_eq(const z3::expr& a, int v) { return !less(a, v); }
z3::expr equals(const z3::expr& a, int v);

// One state's worth of Z3 terms: fresh constants named "<name>@<suffix>" (e.g. "A.st@3"), or
// the next-state terms a step computes from another StateVars.
class StateVars {
 public:
  // `count_limit` bounds unbounded bag counts in the bit-vector encoding (BMC: the depth).
  StateVars(z3::context& ctx, const StateLayout& layout, const std::string& suffix,
            Arithmetic a = Arithmetic::Int, unsigned count_limit = 0);
  explicit StateVars(std::vector<z3::expr> terms) : m_vars(std::move(terms)) {}
  const z3::expr& operator[](int i) const { return m_vars[i]; }
  z3::expr& operator[](int i) { return m_vars[i]; }
  std::size_t size() const { return m_vars.size(); }
  const std::vector<z3::expr>& all() const { return m_vars; }
  z3::expr_vector as_vector() const;
  z3::context& ctx() const { return m_vars.front().ctx(); }

  z3::expr retx(const StateLayout& l, model::Party p) const;  // 0 when untracked

 private:
  std::vector<z3::expr> m_vars;
};

}  // namespace finwait::checker::symbolic
