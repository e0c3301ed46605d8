// MODEL.md's built-in properties that speak of steps and deadlocks (the rest are files).
#include "finwait/properties/safety_property.hpp"

namespace finwait::properties {
namespace {

SafetyProperty make(std::string name, std::string meaning, SafetyKind kind, const char* bad) {
  return {std::move(name), std::move(meaning), kind,
          parse_state_formula(bad, "built-in property")};
}

}  // namespace

const std::vector<SafetyProperty>& builtin_safety_properties() {
  static const std::vector<SafetyProperty> all = {
      make("no-unexpected",
           "No reachable step delivers a segment the receiver's state cannot expect "
           "(MODEL.md reception table, 'unexpected' cells).",
           SafetyKind::NoUnexpectedStep, "true"),
      make("proper-termination",
           "Every state without successors has both endpoints CLOSED and both channels empty "
           "(MODEL.md; RFC 9293 3.6: a closed connection leaves nothing behind).",
           SafetyKind::NoBadDeadlock,
           "not (A = CLOSED and B = CLOSED and empty(A->B) and empty(B->A))"),
  };
  return all;
}

const SafetyProperty* find_builtin(const std::string& name) {
  for (const auto& p : builtin_safety_properties())
    if (p.name == name) return &p;
  return nullptr;
}

ReachQuery parse_reach_query(const std::string& text, const std::string& where) {
  return {text, parse_state_formula(text, where)};
}

}  // namespace finwait::properties
