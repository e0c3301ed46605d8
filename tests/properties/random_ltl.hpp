// Random next-free LTL over p q r, lassos of their valuations, and a reference evaluator.
#pragma once

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

namespace finwait::testing {

// A letter is a valuation of p (bit 0), q (bit 1) and r (bit 2).
using Letter = std::uint8_t;
inline constexpr int kLetterCount = 8;

struct Ltl {
  enum class Op { P, Q, R, True, False, Not, And, Or, Implies, Always, Eventually, Until, Release };
  Op op = Op::True;
  std::vector<Ltl> kids;
};

struct LetterLasso {
  std::vector<Letter> prefix, cycle;  // the word prefix · cycle^ω; cycle non-empty
};

// rng() % n rather than a distribution: the sequence is then the same on every standard library.
inline int pick(std::mt19937& rng, int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); }

// A formula of depth at most `depth`: leaves are mostly p q r, now and then true or false.
inline Ltl random_ltl(std::mt19937& rng, int depth) {
  using Op = Ltl::Op;
  Ltl f;
  if (depth == 0 || pick(rng, 4) == 0) {
    const int leaf = pick(rng, 14);
    f.op = leaf < 4 ? Op::P : leaf < 8 ? Op::Q : leaf < 12 ? Op::R : leaf == 12 ? Op::True : Op::False;
    return f;
  }
  static constexpr Op kOps[] = {Op::Not,     Op::And,    Op::Or,         Op::Implies,
                                Op::Always,  Op::Eventually, Op::Until, Op::Release};
  f.op = kOps[pick(rng, 8)];
  const int arity = f.op == Op::Not || f.op == Op::Always || f.op == Op::Eventually ? 1 : 2;
  for (int i = 0; i < arity; ++i) f.kids.push_back(random_ltl(rng, depth - 1));
  return f;
}

inline LetterLasso random_lasso(std::mt19937& rng) {
  LetterLasso l;
  const int prefix = pick(rng, 5), cycle = 1 + pick(rng, 4);
  for (int i = 0; i < prefix; ++i) l.prefix.push_back(static_cast<Letter>(pick(rng, kLetterCount)));
  for (int i = 0; i < cycle; ++i) l.cycle.push_back(static_cast<Letter>(pick(rng, kLetterCount)));
  return l;
}

// The formula in finwait's syntax, fully parenthesised; keywords are spelled at random among
// their synonyms (`spelling` draws which), so the lexer's symbols are exercised too.
inline std::string finwait_text(const Ltl& f, std::mt19937& spelling) {
  using Op = Ltl::Op;
  auto word = [&](const char* a, const char* b) { return pick(spelling, 2) ? a : b; };
  auto kid = [&](int i) { return finwait_text(f.kids[static_cast<std::size_t>(i)], spelling); };
  switch (f.op) {
    case Op::P: return "A = CLOSED";
    case Op::Q: return "B.st == CLOSED";
    case Op::R: return "empty(A->B)";
    case Op::True: return "true";
    case Op::False: return "false";
    case Op::Not: return fmt::format("{} ({})", word("not", "!"), kid(0));
    case Op::Always: return fmt::format("{} ({})", word("always", "[]"), kid(0));
    case Op::Eventually: return fmt::format("{} ({})", word("eventually", "<>"), kid(0));
    case Op::And: return fmt::format("(({}) {} ({}))", kid(0), word("and", "&&"), kid(1));
    case Op::Or: return fmt::format("(({}) {} ({}))", kid(0), word("or", "||"), kid(1));
    case Op::Implies:
      return fmt::format("(({}) {} ({}))", kid(0), pick(spelling, 3) == 0 ? "=>" : word("implies", "->"),
                         kid(1));
    case Op::Until: return fmt::format("(({}) {} ({}))", kid(0), word("until", "U"), kid(1));
    case Op::Release: return fmt::format("(({}) {} ({}))", kid(0), word("release", "V"), kid(1));
  }
  return "?";
}

// The formula in SPIN's LTL syntax (spin -f), fully parenthesised.
inline std::string spin_text(const Ltl& f) {
  using Op = Ltl::Op;
  auto kid = [&](int i) { return spin_text(f.kids[static_cast<std::size_t>(i)]); };
  switch (f.op) {
    case Op::P: return "p";
    case Op::Q: return "q";
    case Op::R: return "r";
    case Op::True: return "true";
    case Op::False: return "false";
    case Op::Not: return fmt::format("!({})", kid(0));
    case Op::Always: return fmt::format("[]({})", kid(0));
    case Op::Eventually: return fmt::format("<>({})", kid(0));
    case Op::And: return fmt::format("(({}) && ({}))", kid(0), kid(1));
    case Op::Or: return fmt::format("(({}) || ({}))", kid(0), kid(1));
    case Op::Implies: return fmt::format("(({}) -> ({}))", kid(0), kid(1));
    case Op::Until: return fmt::format("(({}) U ({}))", kid(0), kid(1));
    case Op::Release: return fmt::format("(({}) V ({}))", kid(0), kid(1));
  }
  return "?";
}

// "prefix [p, -] cycle [pqr]": each letter lists its true propositions, '-' for none.
inline std::string describe(const LetterLasso& l) {
  auto letters = [](const std::vector<Letter>& word) {
    std::string out;
    for (std::size_t i = 0; i < word.size(); ++i) {
      std::string name;
      if (word[i] & 1) name += 'p';
      if (word[i] & 2) name += 'q';
      if (word[i] & 4) name += 'r';
      out.append(i ? ", " : "").append(name.empty() ? "-" : name);
    }
    return out;
  };
  return fmt::format("prefix [{}] cycle [{}]", letters(l.prefix), letters(l.cycle));
}

// Truth of `f` at every position of the lasso (0..n-1; after n-1 comes the cycle's start),
// without fixpoints or negation-normal form, so that it shares nothing with the code under
// test. Temporal operators walk the word forwards: n steps from any position visit every
// position it ever reaches, so a walk of n steps decides them.
inline std::vector<bool> reference_values(const Ltl& f, const LetterLasso& l) {
  using Op = Ltl::Op;
  std::vector<Letter> word = l.prefix;
  word.insert(word.end(), l.cycle.begin(), l.cycle.end());
  const std::size_t n = word.size(), loop = l.prefix.size();
  auto next = [&](std::size_t i) { return i + 1 < n ? i + 1 : loop; };
  std::vector<bool> a, b, out(n);
  if (!f.kids.empty()) a = reference_values(f.kids[0], l);
  if (f.kids.size() > 1) b = reference_values(f.kids[1], l);
  for (std::size_t i = 0; i < n; ++i) {
    bool v = false;
    switch (f.op) {
      case Op::P: v = (word[i] & 1) != 0; break;
      case Op::Q: v = (word[i] & 2) != 0; break;
      case Op::R: v = (word[i] & 4) != 0; break;
      case Op::True: v = true; break;
      case Op::False: v = false; break;
      case Op::Not: v = !a[i]; break;
      case Op::And: v = a[i] && b[i]; break;
      case Op::Or: v = a[i] || b[i]; break;
      case Op::Implies: v = !a[i] || b[i]; break;
      case Op::Always:  // a at every position reached: i.., then the whole cycle
      case Op::Eventually: {
        const bool always = f.op == Op::Always;
        v = always;
        for (std::size_t j = std::min(i, loop); j < n; ++j)
          if (a[j] != always) v = !always;
        break;
      }
      case Op::Until:  // b at some position, a at every earlier one
        v = false;
        for (std::size_t j = i, k = 0; k < n; ++k, j = next(j)) {
          if (b[j]) { v = true; break; }
          if (!a[j]) break;
        }
        break;
      case Op::Release:  // b until and including a first holds, or b forever
        v = true;
        for (std::size_t j = i, k = 0; k < n; ++k, j = next(j)) {
          if (!b[j]) { v = false; break; }
          if (a[j]) break;
        }
        break;
    }
    out[i] = v;
  }
  return out;
}

inline bool reference_holds(const Ltl& f, const LetterLasso& l) { return reference_values(f, l)[0]; }

}  // namespace finwait::testing
