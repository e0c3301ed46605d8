// Boolean conditions on one system state: endpoint states, reasons, retx, channel contents.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "finwait/model/channel.hpp"
#include "finwait/model/system_state.hpp"

namespace finwait::properties {

enum class CmpOp { Eq, Ne, Lt, Le, Gt, Ge };

struct StateFormula {
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
  };
  Kind kind = Kind::True;
  std::vector<StateFormula> children;
  model::Party party = model::Party::A;
  std::uint32_t mask = 0;
  CmpOp cmp = CmpOp::Eq;
  int value = 0;
  std::optional<model::Segment> letter;
};

bool evaluate(const StateFormula& f, const model::SystemState& s, const model::ChannelShape& shape);

// Prints the formula back in the syntax parse_state_formula reads.
std::string to_string(const StateFormula& f);

// Grammar (keywords also as symbols: and &&, or ||, not !, implies =>):
//   expr  := or ('implies' expr)?        or := and ('or' and)*      and := unary ('and' unary)*
//   unary := 'not' unary | '(' expr ')' | 'true' | 'false' | atom
//   atom  := P ['.st'] cmp STATE | P '.why' cmp WHY | P '.retx' cmp N
//          | P ['.st'|'.why'] 'in' '{' NAME (',' NAME)* '}'
//          | 'empty' '(' P '->' P ')' | 'count' '(' P '->' P [',' SEGMENT] ')' cmp N
//   P := A | B      cmp := = | == | != | < | <= | > | >=  (states and reasons: = and != only)
// Errors throw InputError with where = `where` + ":" + column (1-based).
StateFormula parse_state_formula(std::string_view text, const std::string& where);

}  // namespace finwait::properties
