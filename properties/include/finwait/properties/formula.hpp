// Formulas of the property language: conditions on a state and the step just taken, combined
// with boolean and (next-free) temporal operators.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "finwait/model/channel.hpp"
#include "finwait/model/step.hpp"
#include "finwait/model/system_state.hpp"

namespace finwait::properties {

enum class CmpOp { Eq, Ne, Lt, Le, Gt, Ge };

struct Formula {
  enum class Kind {
    True,
    False,
    Not,
    And,
    Or,
    Implies,
    EndpointState,  // party's st in `mask` (bit per TcpState)
    EndpointWhy,    // party's why in `mask` (bit per Why)
    EndpointRetx,   // party's retx `cmp` value
    ChannelCount,   // number of segments (of `letter`, if given) in channel from party `cmp` value
    StepIs,         // the step just taken has kind `step_kind`, actor `party`, letter if given
    Always,         // temporal operators (next-free LTL)
    Eventually,
    Until,
    Release,
  };
  Kind kind = Kind::True;
  std::vector<Formula> children;
  model::Party party = model::Party::A;
  std::uint32_t mask = 0;
  CmpOp cmp = CmpOp::Eq;
  int value = 0;
  std::optional<model::Segment> letter;
  model::StepKind step_kind = model::StepKind::Close;
};

bool is_temporal(const Formula& f);   // contains a temporal operator anywhere
bool mentions_step(const Formula& f);  // contains a step atom anywhere

// Evaluates a temporal-free formula at a position: `state`, reached by `step` (nullptr at the
// initial state; step atoms are false there).
bool evaluate(const Formula& f, const model::SystemState& s, const model::ChannelShape& shape,
              const model::Step* step = nullptr);

// Prints the formula back in the syntax the parser reads.
std::string to_string(const Formula& f);

// Grammar (keywords also as symbols: and &&, or ||, not !, implies ->, always [], eventually <>,
// until U):
//   expr   := or ('implies' expr)?            or := and ('or' and)*
//   and    := until ('and' until)*             until := unary (('until'|'release') unary)?
//   unary  := 'not' unary | 'always' unary | 'eventually' unary | '(' expr ')' | atom
//   atom   := 'true' | 'false'
//          | P ['.st'] cmp STATE | P '.why' cmp WHY | P '.retx' cmp N
//          | P ['.st'|'.why'] 'in' '{' NAME (',' NAME)* '}'
//          | 'empty' '(' P '->' P ')' | 'count' '(' P '->' P [',' SEGMENT] ')' cmp N
//          | 'step' ('='|'!=') STEP
//   STEP   := '"' LABEL '"'  (e.g. "B giveup", "A->B deliver FIN", "A->B deliver", "idle")
//          | KIND '(' P ')' | KIND '(' P '->' P ')'    (e.g. giveup(B), deliver(A->B))
//   P := A | B      cmp := = | == | != | < | <= | > | >=  (states and reasons: = and != only)
// Errors throw InputError with where = `where` + ":" + column (1-based column in `text`).
Formula parse_formula(std::string_view text, const std::string& where);

// As parse_formula, but temporal operators are an error (a condition on one state).
Formula parse_state_formula(std::string_view text, const std::string& where);

}  // namespace finwait::properties
