// Recursive-descent parser for formulas (grammar in formula.hpp).
#include <functional>

#include "finwait/model/input_error.hpp"
#include "finwait/properties/formula.hpp"
#include "formula_lexer.hpp"

namespace finwait::properties {
namespace {

using K = Formula::Kind;

// Input-driven recursion must stay far from the stack's end: the parser, and every pass over
// the tree after it (negation normal form, the automaton, evaluation), recurse on its depth.
// No real claim comes near these (the library's deepest nests 4 levels in 40 tokens).
constexpr std::size_t kMaxTokens = 4096;
constexpr int kMaxNesting = 200;

Formula of_kind(K kind) {
  Formula f;
  f.kind = kind;
  return f;
}

class Parser {
 public:
  Parser(std::string_view text, const std::string& where) : m_where(where), m_tokens(lex(text, where)) {
    if (m_tokens.size() > kMaxTokens)
      throw InputError(where, "the formula has " + std::to_string(m_tokens.size() - 1) + " words and symbols; at most " +
                                  std::to_string(kMaxTokens) + " are read");
  }

  Formula parse_all() {
    Formula f = parse_expr();
    if (peek().kind != Token::Kind::End) fail(peek(), "unexpected '" + peek().text + "'");
    return f;
  }

 private:
  const Token& peek() const { return m_tokens[m_pos]; }
  const Token& take() { return m_tokens[m_pos++]; }
  bool accept(std::initializer_list<const char*> spellings) {
    const Token& t = peek();
    if (t.kind != Token::Kind::Word && t.kind != Token::Kind::Symbol) return false;
    for (const char* s : spellings)
      if (t.text == s) {
        ++m_pos;
        return true;
      }
    return false;
  }
  void expect(const char* spelling) {
    if (!accept({spelling})) fail(peek(), std::string("expected '") + spelling + "'" + found());
  }
  std::string found() const {
    return peek().kind == Token::Kind::End ? " at end of input" : ", found '" + peek().text + "'";
  }
  [[noreturn]] void fail(const Token& at, const std::string& message) const {
    throw InputError(m_where + ":" + std::to_string(at.column), message);
  }

  Formula binary(K kind, Formula lhs, Formula rhs) {
    Formula f;
    f.kind = kind;
    f.children = {std::move(lhs), std::move(rhs)};
    return f;
  }

  // Counts one level of nesting (a parenthesis or a unary operator) for as long as it lives.
  struct Nesting {
    Parser& parser;
    explicit Nesting(Parser& p) : parser(p) {
      if (++parser.m_nesting > kMaxNesting)
        parser.fail(parser.peek(), "nested more than " + std::to_string(kMaxNesting) + " levels deep");
    }
    ~Nesting() { --parser.m_nesting; }
    Nesting(const Nesting&) = delete;
    Nesting& operator=(const Nesting&) = delete;
  };

  Formula parse_expr() {
    Formula lhs = parse_or();
    if (accept({"implies", "=>", "->"})) return binary(K::Implies, std::move(lhs), parse_expr());
    return lhs;
  }
  Formula parse_or() {
    Formula f = parse_and();
    while (accept({"or", "||"})) f = binary(K::Or, std::move(f), parse_and());
    return f;
  }
  Formula parse_and() {
    Formula f = parse_until();
    while (accept({"and", "&&"})) f = binary(K::And, std::move(f), parse_until());
    return f;
  }
  Formula parse_until() {
    Formula f = parse_unary();
    if (accept({"until", "U"})) return binary(K::Until, std::move(f), parse_unary());
    if (accept({"release", "V"})) return binary(K::Release, std::move(f), parse_unary());
    return f;
  }
  Formula unary(K kind) {
    Formula f;
    f.kind = kind;
    f.children.push_back(parse_unary());
    return f;
  }
  Formula parse_unary() {
    const Nesting level(*this);
    if (accept({"not", "!"})) return unary(K::Not);
    if (accept({"always", "[]"})) return unary(K::Always);
    if (accept({"eventually", "<>"})) return unary(K::Eventually);
    if (accept({"step"})) return parse_step_atom();
    if (accept({"("})) {
      Formula f = parse_expr();
      expect(")");
      return f;
    }
    if (accept({"true"})) return of_kind(K::True);
    if (accept({"false"})) return of_kind(K::False);
    if (accept({"empty"})) return parse_empty();
    if (accept({"count"})) return parse_count();
    return parse_endpoint_atom();
  }

  model::Party parse_party() {
    const Token& t = peek();
    auto p = t.kind == Token::Kind::Word ? model::parse_party(t.text) : std::nullopt;
    if (!p) fail(t, "expected an endpoint A or B" + found());
    ++m_pos;
    return *p;
  }
  model::Party parse_channel() {
    const model::Party from = parse_party();
    const Token& arrow = peek();
    expect("->");
    if (parse_party() == from) fail(arrow, "a channel joins A and B: write A->B or B->A");
    return from;
  }
  CmpOp parse_cmp(bool ordered) {
    const Token& t = peek();
    static const std::pair<const char*, CmpOp> ops[] = {{"=", CmpOp::Eq},  {"==", CmpOp::Eq},
                                                        {"!=", CmpOp::Ne}, {"<", CmpOp::Lt},
                                                        {"<=", CmpOp::Le}, {">", CmpOp::Gt},
                                                        {">=", CmpOp::Ge}};
    for (auto [text, op] : ops)
      if (t.kind == Token::Kind::Symbol && t.text == text) {
        if (!ordered && op != CmpOp::Eq && op != CmpOp::Ne)
          fail(t, "only = and != compare states and reasons");
        ++m_pos;
        return op;
      }
    fail(t, "expected a comparison (=, !=, <, <=, >, >=)" + found());
  }
  int parse_number() {
    const Token& t = peek();
    if (t.kind != Token::Kind::Number || t.text.size() > 6) fail(t, "expected a number" + found());
    ++m_pos;
    return std::stoi(t.text);
  }

  Formula parse_empty() {
    Formula f = of_kind(K::ChannelCount);
    expect("(");
    f.party = parse_channel();
    expect(")");
    f.cmp = CmpOp::Eq;
    f.value = 0;
    return f;
  }
  Formula parse_count() {
    Formula f = of_kind(K::ChannelCount);
    expect("(");
    f.party = parse_channel();
    if (accept({","})) {
      const Token& t = peek();
      f.letter = t.kind == Token::Kind::Word ? model::parse_segment(t.text) : std::nullopt;
      if (!f.letter) fail(t, "expected a segment FIN, FINACK, ACK or RST" + found());
      ++m_pos;
    }
    expect(")");
    f.cmp = parse_cmp(true);
    f.value = parse_number();
    return f;
  }

  // step = "A->B deliver FIN" | step = deliver(A->B) | step = giveup(B) | step = idle
  Formula parse_step_atom() {
    const Token& op_token = peek();
    const CmpOp op = parse_cmp(false);
    Formula f = of_kind(K::StepIs);
    const Token& t = peek();
    if (t.kind == Token::Kind::String) {
      f = step_from_label(take());
    } else if (accept({"idle"})) {
      f.step_kind = model::StepKind::Idle;
    } else {
      const auto kind = t.kind == Token::Kind::Word ? model::parse_kind_word(t.text) : std::nullopt;
      if (!kind) fail(t, "expected a step such as \"B giveup\" or deliver(A->B)" + found());
      ++m_pos;
      f.step_kind = *kind;
      expect("(");
      model::Step probe;
      probe.kind = *kind;
      f.party = probe.is_network() ? parse_channel() : parse_party();
      expect(")");
    }
    (void)op_token;
    if (op == CmpOp::Ne) {
      Formula n = of_kind(K::Not);
      n.children.push_back(std::move(f));
      return n;
    }
    return f;
  }
  Formula step_from_label(const Token& t) {
    Formula f = of_kind(K::StepIs);
    std::vector<std::string> words;
    std::string w;
    for (char c : t.text + " ") {
      if (c == ' ') {
        if (!w.empty()) words.push_back(w);
        w.clear();
      } else {
        w += c;
      }
    }
    auto bad = [&] { fail(t, "'" + t.text + "' is not a step label such as \"B giveup\" or \"A->B deliver FIN\""); };
    if (words.size() == 1 && words[0] == "idle") {
      f.step_kind = model::StepKind::Idle;
      return f;
    }
    if (words.size() < 2 || words.size() > 3) bad();
    const auto kind = model::parse_kind_word(words[1]);
    if (!kind || *kind == model::StepKind::Idle) bad();
    f.step_kind = *kind;
    model::Step probe;
    probe.kind = *kind;
    if (probe.is_network()) {
      if (words[0] != "A->B" && words[0] != "B->A") bad();
      f.party = words[0] == "A->B" ? model::Party::A : model::Party::B;
      if (words.size() == 3) {
        f.letter = model::parse_segment(words[2]);
        if (!f.letter) bad();
      }
    } else {
      const auto p = model::parse_party(words[0]);
      if (!p || words.size() != 2) bad();
      f.party = *p;
    }
    return f;
  }

  Formula parse_endpoint_atom() {
    Formula f;
    f.party = parse_party();
    std::string field = "st";
    if (accept({"."})) {
      const Token& t = peek();
      if (t.kind != Token::Kind::Word || (t.text != "st" && t.text != "why" && t.text != "retx"))
        fail(t, "expected a field st, why or retx" + found());
      field = take().text;
    }
    if (field == "retx") {
      f.kind = K::EndpointRetx;
      f.cmp = parse_cmp(true);
      f.value = parse_number();
      return f;
    }
    const bool is_state = field == "st";
    f.kind = is_state ? K::EndpointState : K::EndpointWhy;
    auto read_name = [&]() -> std::uint32_t {
      const Token& t = peek();
      if (t.kind == Token::Kind::Word) {
        if (is_state) {
          if (auto st = model::parse_tcp_state(t.text)) return ++m_pos, 1u << static_cast<int>(*st);
        } else if (auto why = model::parse_why(t.text)) {
          return ++m_pos, 1u << static_cast<int>(*why);
        }
      }
      fail(t, std::string(is_state ? "expected a TCP state such as FIN_WAIT_2"
                                   : "expected a reason none, graceful, reset, abort or giveup") +
                  found());
    };
    if (accept({"in"})) {
      expect("{");
      do f.mask |= read_name();
      while (accept({","}));
      expect("}");
      return f;
    }
    const CmpOp op = parse_cmp(false);
    f.mask = read_name();
    if (op == CmpOp::Ne) f.mask = ~f.mask & ((1u << (is_state ? model::kTcpStateCount : model::kWhyCount)) - 1);
    return f;
  }

  std::string m_where;
  std::vector<Token> m_tokens;
  std::size_t m_pos = 0;
  int m_nesting = 0;
};

}  // namespace

Formula parse_formula(std::string_view text, const std::string& where) {
  return Parser(text, where).parse_all();
}

Formula parse_state_formula(std::string_view text, const std::string& where) {
  Formula f = Parser(text, where).parse_all();
  if (is_temporal(f))
    throw InputError(where + ":1", "temporal operators (always, eventually, until) are not "
                                   "allowed here: this is a condition on one state");
  return f;
}

}  // namespace finwait::properties
