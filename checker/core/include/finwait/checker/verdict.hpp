// Verdicts: results of checking, not errors (like Z3's sat / unsat / unknown).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "finwait/model/trace.hpp"

namespace finwait::checker {

// NoViolationFound and NotReached are what a --bitstate search says instead of Holds and
// Unreachable: it may have skipped states, so it proves nothing, only finds.
enum class Verdict { Holds, Violated, Reachable, Unreachable, Unknown, NoViolationFound, NotReached };

std::string_view verdict_name(Verdict v);  // "holds", "violated", ...

struct PropertyOutcome {
  std::string name;
  Verdict verdict = Verdict::Unknown;
  std::optional<model::Trace> trace;  // counterexample or witness
  std::uint64_t states_when_decided = 0;
  std::vector<std::string> notes;  // for lassos: why the cycle is fair
};

}  // namespace finwait::checker
