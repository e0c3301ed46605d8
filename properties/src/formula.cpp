// Evaluation and printing of state formulas.
#include "finwait/properties/formula.hpp"

#include <cassert>

namespace finwait::properties {
namespace {

using model::Party;

bool compare(int lhs, CmpOp op, int rhs) {
  switch (op) {
    case CmpOp::Eq: return lhs == rhs;
    case CmpOp::Ne: return lhs != rhs;
    case CmpOp::Lt: return lhs < rhs;
    case CmpOp::Le: return lhs <= rhs;
    case CmpOp::Gt: return lhs > rhs;
    case CmpOp::Ge: return lhs >= rhs;
  }
  return false;
}

const char* op_text(CmpOp op) {
  static const char* texts[] = {"=", "!=", "<", "<=", ">", ">="};
  return texts[static_cast<int>(op)];
}

int channel_count(const Formula& f, const model::SystemState& s,
                  const model::ChannelShape& shape) {
  const model::Channel& ch = s.from(f.party);
  return f.letter ? static_cast<int>(model::occurrences(ch, *f.letter, shape)) : ch.size;
}

template <class Enum>
std::string mask_text(std::uint32_t mask, int count) {
  std::vector<std::string> names;
  for (int i = 0; i < count; ++i)
    if (mask & (1u << i)) names.emplace_back(model::name(static_cast<Enum>(i)));
  if (names.size() == 1) return "= " + names[0];
  std::string out = "in {";
  for (std::size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + names[i];
  return out + "}";
}

std::string joined(const Formula& f, const char* word) {
  std::string out = "(";
  for (std::size_t i = 0; i < f.children.size(); ++i)
    out += (i ? std::string(" ") + word + " " : "") + to_string(f.children[i]);
  return out + ")";
}

}  // namespace

bool is_temporal(const Formula& f) {
  using K = Formula::Kind;
  if (f.kind == K::Always || f.kind == K::Eventually || f.kind == K::Until || f.kind == K::Release)
    return true;
  for (const auto& c : f.children)
    if (is_temporal(c)) return true;
  return false;
}

bool mentions_step(const Formula& f) {
  if (f.kind == Formula::Kind::StepIs) return true;
  for (const auto& c : f.children)
    if (mentions_step(c)) return true;
  return false;
}

bool evaluate(const Formula& f, const model::SystemState& s, const model::ChannelShape& shape,
              const model::Step* step) {
  using K = Formula::Kind;
  switch (f.kind) {
    case K::True: return true;
    case K::False: return false;
    case K::Not: return !evaluate(f.children[0], s, shape, step);
    case K::And:
      for (const auto& c : f.children)
        if (!evaluate(c, s, shape, step)) return false;
      return true;
    case K::Or:
      for (const auto& c : f.children)
        if (evaluate(c, s, shape, step)) return true;
      return false;
    case K::Implies:
      return !evaluate(f.children[0], s, shape, step) || evaluate(f.children[1], s, shape, step);
    case K::StepIs:
      if (step == nullptr || step->kind != f.step_kind) return false;
      if (f.step_kind == model::StepKind::Idle) return true;
      return step->actor == f.party && (!f.letter || step->letter == *f.letter);
    case K::Always:
    case K::Eventually:
    case K::Until:
    case K::Release:
      assert(false && "temporal formulas are not evaluated at one position");
      return false;
    case K::EndpointState: return (f.mask >> static_cast<int>(s.at(f.party).st)) & 1u;
    case K::EndpointWhy: return (f.mask >> static_cast<int>(s.at(f.party).why)) & 1u;
    case K::EndpointRetx: return compare(s.at(f.party).retx, f.cmp, f.value);
    case K::ChannelCount: return compare(channel_count(f, s, shape), f.cmp, f.value);
  }
  assert(false && "unknown formula kind");
  return false;
}

std::string to_string(const Formula& f) {
  using K = Formula::Kind;
  const std::string p(model::name(f.party));
  switch (f.kind) {
    case K::True: return "true";
    case K::False: return "false";
    case K::Not: return "not " + to_string(f.children[0]);
    case K::And: return joined(f, "and");
    case K::Or: return joined(f, "or");
    case K::Implies: return joined(f, "implies");
    case K::Always: return "always " + to_string(f.children[0]);
    case K::Eventually: return "eventually " + to_string(f.children[0]);
    case K::Until: return joined(f, "until");
    case K::Release: return joined(f, "release");
    case K::StepIs: {
      if (f.step_kind == model::StepKind::Idle) return "step = idle";
      model::Step s;
      s.kind = f.step_kind;
      s.actor = f.party;
      if (f.letter) s.letter = *f.letter;
      std::string text = model::label(s);
      if (s.is_network() && !f.letter) text = text.substr(0, text.rfind(' '));
      return "step = \"" + text + "\"";
    }
    case K::EndpointState: return p + " " + mask_text<model::TcpState>(f.mask, model::kTcpStateCount);
    case K::EndpointWhy: return p + ".why " + mask_text<model::Why>(f.mask, model::kWhyCount);
    case K::EndpointRetx: return p + ".retx " + op_text(f.cmp) + " " + std::to_string(f.value);
    case K::ChannelCount: {
      std::string args = model::channel_name(f.party);
      if (f.letter) args += ", " + std::string(model::name(*f.letter));
      return "count(" + args + ") " + op_text(f.cmp) + " " + std::to_string(f.value);
    }
  }
  return "?";
}

}  // namespace finwait::properties
