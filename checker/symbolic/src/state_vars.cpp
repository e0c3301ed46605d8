// The layout of the Z3 state variables and their creation per unrolling step.
#include "finwait/checker/symbolic/state_vars.hpp"

#include <cassert>

#include "finwait/model/input_error.hpp"
#include "finwait/model/system_state.hpp"

namespace finwait::checker::symbolic {

using model::Party;

StateLayout::StateLayout(const model::ModelConfig& config) : m_config(config) {
  for (Party p : {Party::A, Party::B}) {
    const std::string who(model::name(p));
    m_st[index(p)] = add(who + ".st", Domain::TcpState, 0, model::kTcpStateCount - 1);
    if (tracks_retx())
      m_retx[index(p)] = add(who + ".retx", Domain::Number, 0, static_cast<int>(config.retries_infinite() ? 0u : config.retries));
    m_why[index(p)] = add(who + ".why", Domain::Why, 0, model::kWhyCount - 1);
  }
  // Checked here too, not only by ModelConfig's validation: this is the first code that
  // needs the bound (an assertion here aborted Debug builds before the validation ran).
  if (fifo() && config.capacity_infinite())
    throw InputError("capacity", "capacity inf needs bag channels (a fifo needs a bound)");
  const int cap_value = config.capacity_infinite() ? -1 : static_cast<int>(config.capacity);
  const std::optional<int> cap = cap_value < 0 ? std::nullopt : std::optional<int>(cap_value);
  for (Party sender : {Party::A, Party::B}) {
    const std::string ch = model::channel_name(sender);
    m_first_channel_var[index(sender)] = static_cast<int>(m_vars.size());
    if (fifo()) {
      add(ch + ".len", Domain::Number, 0, cap);
      for (int i = 0; i < cap_value; ++i)
        add(ch + "[" + std::to_string(i) + "]", Domain::Letter, 0, model::kSegmentCount - 1);
    } else {
      for (int l = 0; l < model::kSegmentCount; ++l)
        add(ch + ".#" + std::string(model::name(static_cast<model::Segment>(l))), Domain::Number,
            0, cap);
    }
  }
}

int StateLayout::add(std::string name, Domain d, int low, std::optional<int> high) {
  m_vars.push_back(VarInfo{std::move(name), d, low, high});
  return static_cast<int>(m_vars.size()) - 1;
}

int StateLayout::count(Party sender, model::Segment s) const {
  assert(!fifo());
  return m_first_channel_var[index(sender)] + static_cast<int>(s);
}

int StateLayout::len(Party sender) const {
  assert(fifo());
  return m_first_channel_var[index(sender)];
}

int StateLayout::slot(Party sender, unsigned i) const {
  assert(fifo() && i < capacity());
  return m_first_channel_var[index(sender)] + 1 + static_cast<int>(i);
}

unsigned bits_for(unsigned max_value) {
  unsigned bits = 1;
  while (bits < 32 && (max_value >> bits) != 0) ++bits;
  return bits;
}

z3::expr number_const(z3::context& ctx, const std::string& name, Arithmetic a, unsigned max_value) {
  if (a == Arithmetic::Int) return ctx.int_const(name.c_str());
  return ctx.bv_const(name.c_str(), bits_for(max_value));
}

namespace {
unsigned bv_max(const z3::expr& a) {
  const unsigned w = a.get_sort().bv_size();
  return w >= 32 ? 0xFFFFFFFFu : (1u << w) - 1;
}
}  // namespace

z3::expr less(const z3::expr& a, int v) {
  if (!a.is_bv()) return a < v;
  if (v <= 0) return a.ctx().bool_val(false);
  if (static_cast<unsigned>(v) > bv_max(a)) return a.ctx().bool_val(true);
  return z3::ult(a, lit(a, v));
}

z3::expr equals(const z3::expr& a, int v) {
  if (a.is_bv() && (v < 0 || static_cast<unsigned>(v) > bv_max(a))) return a.ctx().bool_val(false);
  return a == lit(a, v);
}

StateVars::StateVars(z3::context& ctx, const StateLayout& layout, const std::string& suffix,
                     Arithmetic a, unsigned count_limit) {
  m_vars.reserve(layout.size());
  for (const VarInfo& v : layout.vars()) {
    // Counts get two spare bits so that the sum of a channel's four counts never wraps.
    const unsigned max_value = v.high ? static_cast<unsigned>(*v.high) : count_limit;
    const unsigned spare = v.domain == Domain::Number && v.name.find(".#") != std::string::npos ? 2 : 0;
    m_vars.push_back(number_const(ctx, v.name + "@" + suffix, a, max_value << spare));
  }
}

z3::expr_vector StateVars::as_vector() const {
  z3::expr_vector out(ctx());
  for (const z3::expr& e : m_vars) out.push_back(e);
  return out;
}

z3::expr StateVars::retx(const StateLayout& l, Party p) const {
  return l.tracks_retx() ? m_vars[l.retx(p)] : lit(m_vars.front(), 0);
}

}  // namespace finwait::checker::symbolic
