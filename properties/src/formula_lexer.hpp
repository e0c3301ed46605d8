// Tokens of the property language, with 1-based columns for error messages.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace finwait::properties {

struct Token {
  enum class Kind { Word, Number, Symbol, String, End };
  Kind kind = Kind::End;
  std::string text;
  int column = 1;
};

// Words are letters, digits and '_' starting with a letter or digit ("FIN_WAIT_1", "2msl");
// symbols are ( ) { } , . = == != < <= > >= -> ! && || => [] <>; strings are "double quoted".
// Throws InputError(where + ":" + column) on a character it does not know.
std::vector<Token> lex(std::string_view text, const std::string& where);

}  // namespace finwait::properties
