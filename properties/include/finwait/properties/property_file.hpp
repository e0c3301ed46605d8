// Properties as files: one claim per file, named as the claim, with its fairness assumptions.
#pragma once

#include <string>
#include <vector>

#include "finwait/properties/fairness.hpp"
#include "finwait/properties/formula.hpp"
#include "finwait/properties/safety_property.hpp"

namespace finwait::properties {

// Invariant: `always P` with P a condition on one position (checked by BFS: shortest
// counterexamples). Reachable: `reachable P` (a witness). Temporal: anything else (checked
// under fairness: lasso counterexamples). Builtin: a property defined in code (MODEL.md's
// no-unexpected and proper-termination, which speak of steps and deadlocks).
enum class ClaimKind { Invariant, Reachable, Temporal, Builtin };

struct PropertySpec {
  std::string name;
  std::string meaning;  // the file's opening comment
  std::string source;   // file path, or "built-in"
  ClaimKind kind = ClaimKind::Temporal;
  Formula claim;        // Invariant: P; Reachable: P; Temporal: the LTL claim
  FairnessSpec fairness = FairnessSpec::model_default();
  SafetyProperty builtin;  // Builtin only
};

// File format (line-oriented; a line starting with white space continues the previous one):
//   # comment lines; the leading block is the property's meaning and source (RFC section)
//   fairness: default | none          start from MODEL.md's fairness, or from none
//   weak: CLASS, ...                  e.g. close, timers, retransmit(A), deliver(A->B), all
//   strong: CLASS, ...   unfair: CLASS, ...
//   claim: FORMULA                    `always P`, or any next-free LTL formula
//   reachable: FORMULA                an existential query answered with a witness
// Errors throw InputError("file:line:col", message).
PropertySpec parse_property_text(const std::string& text, const std::string& name,
                                 const std::string& file);
PropertySpec parse_property_file(const std::string& path);

// The directory of shipped property files ($FINWAIT_LIBRARY, or the source tree's library).
std::string library_directory();
std::vector<std::string> library_names();  // built-ins first, then files, sorted

// A built-in or library name, or a path to a file (anything containing '/' or ending .prop).
PropertySpec resolve_property(const std::string& name_or_path);

// What `finwait check` checks when no --property is given.
const std::vector<std::string>& default_property_names();

// An invariant as a safety property for the BFS checker.
SafetyProperty as_safety(const PropertySpec& spec);

}  // namespace finwait::properties
