// A run of the model that explains one connection's letters (TRACES.md "Verdict": witness).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "finwait/conform/letters.hpp"
#include "finwait/model/trace.hpp"

namespace finwait::conform {

struct ObservedLetter {
  Observation letter;
  std::uint64_t packet = 0;  // the packet that carried it
};

struct Witness {
  model::Trace trace;
  // For each observed letter, the index of the trace step that sent it.
  std::vector<std::size_t> step_of_letter;
};

// A shortest run (fewest steps) whose send steps spell `letters` in order, with any silent
// steps between them; nothing when no run explains them.
std::optional<Witness> find_witness(const model::SystemSemantics& sys,
                                    const std::vector<ObservedLetter>& letters);

// Does the trace's sequence of observed sends equal `letters`? (The re-check `replay` does.)
bool sends_spell(const model::Trace& trace, const std::vector<Observation>& letters);

}  // namespace finwait::conform
