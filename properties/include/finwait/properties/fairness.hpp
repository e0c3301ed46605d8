// Fairness assumptions: weak or strong fairness per class of steps (MODEL.md "terminates").
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "finwait/model/step.hpp"

namespace finwait::properties {

// A class of steps that fairness speaks of: one endpoint's close, abort or timer step, or one
// channel's deliver, drop or dup (any letter). Idle steps belong to no class.
inline constexpr int kStepClassCount = 18;
using ClassMask = std::uint32_t;

std::optional<int> step_class(const model::Step& step);
std::string class_name(int cls);  // "close(A)", "deliver(A->B)"

enum class Fairness : std::uint8_t { None, Weak, Strong };

struct FairnessSpec {
  std::array<Fairness, kStepClassCount> of{};  // all None

  // MODEL.md: weak fairness for each endpoint's close and timer steps (retransmit, giveup,
  // 2msl, fw2-timeout), strong fairness for deliver on each channel; abort, drop, dup: none.
  static FairnessSpec model_default();

  ClassMask mask(Fairness f) const;
  std::string describe() const;  // "weak: close(A) ...; strong: deliver(A->B) ..."
  bool operator==(const FairnessSpec&) const = default;
};

// Sets the fairness of every class matching `word` ("close", "timers", "deliver", ...) and
// `who` ("A", "B", "A->B", "B->A", or empty for all); false if nothing matches.
bool set_fairness(FairnessSpec& spec, const std::string& word, const std::string& who, Fairness f);

}  // namespace finwait::properties
