// The safety properties and reachability queries one breadth-first exploration answers.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "finwait/properties/formula.hpp"

namespace finwait::properties {

// How a violation shows itself during exploration.
enum class SafetyKind {
  NoUnexpectedStep,  // a step that is an "unexpected" reception (the trace ends with that step)
  NoBadDeadlock,     // a state without successors that satisfies `bad`
  NoBadState,        // a reachable state that satisfies `bad`
};

struct SafetyProperty {
  std::string name;
  std::string meaning;  // one sentence, with the RFC or MODEL.md section it comes from
  SafetyKind kind = SafetyKind::NoBadState;
  Formula bad;
};

// "Can a state satisfying `goal` be reached?" answered with a shortest witness.
struct ReachQuery {
  std::string text;  // as the user wrote it
  Formula goal;
};

// The properties defined in code: no-unexpected, proper-termination (the others are files).
const std::vector<SafetyProperty>& builtin_safety_properties();
const SafetyProperty* find_builtin(const std::string& name);

ReachQuery parse_reach_query(const std::string& text, const std::string& where);

}  // namespace finwait::properties
