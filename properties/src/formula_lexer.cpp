// Splits property text into tokens.
#include "formula_lexer.hpp"

#include <array>
#include <cctype>

#include "finwait/model/input_error.hpp"

namespace finwait::properties {
namespace {
bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'; }
}  // namespace

std::vector<Token> lex(std::string_view text, const std::string& where) {
  static constexpr std::array<std::string_view, 10> kTwoChar = {
      "==", "!=", "<=", ">=", "->", "&&", "||", "=>", "[]", "<>"};
  std::vector<Token> out;
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    const int col = static_cast<int>(i) + 1;
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '_') {
      std::size_t j = i;
      // '-' belongs to a word only when followed by a word character and not '>' ("fw2-timeout").
      while (j < text.size() && (is_word_char(text[j]) &&
                                 !(text[j] == '-' && (j + 1 >= text.size() || text[j + 1] == '>' ||
                                                      !is_word_char(text[j + 1])))))
        ++j;
      std::string word(text.substr(i, j - i));
      bool numeric = true;
      for (char d : word) numeric = numeric && std::isdigit(static_cast<unsigned char>(d));
      out.push_back({numeric ? Token::Kind::Number : Token::Kind::Word, word, col});
      i = j;
    } else if (c == '"') {
      const std::size_t close = text.find('"', i + 1);
      if (close == std::string_view::npos)
        throw InputError(where + ":" + std::to_string(col), "unterminated string");
      out.push_back({Token::Kind::String, std::string(text.substr(i + 1, close - i - 1)), col});
      i = close + 1;
    } else {
      std::string sym(1, c);
      if (i + 1 < text.size()) {
        for (std::string_view two : kTwoChar)
          if (text.substr(i, 2) == two) sym = std::string(two);
      }
      if (sym.size() == 1 && std::string_view("(){},.=<>!").find(c) == std::string_view::npos)
        throw InputError(where + ":" + std::to_string(col),
                         std::string("unexpected character '") + c + "'");
      out.push_back({Token::Kind::Symbol, sym, col});
      i += sym.size();
    }
  }
  out.push_back({Token::Kind::End, "", static_cast<int>(text.size()) + 1});
  return out;
}

}  // namespace finwait::properties
