// SPIN's never claims (spin -f) read back as automata over p q r, and their acceptance of lassos.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <sys/wait.h>

#include <fmt/format.h>

#include "random_ltl.hpp"

namespace finwait::testing {

// State 0 is the claim's first state. An edge's guard is the set of letters it reads, as a
// bit per letter (bit v: the valuation v satisfies the guard).
struct NeverClaim {
  struct Edge {
    std::uint8_t guard = 0;
    int target = 0;
  };
  std::vector<std::vector<Edge>> edges;
  std::vector<bool> accepting;
};

namespace spin_detail {

inline std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

// Guards: boolean expressions over p q r with 1 0 true false ! && || and parentheses.
class GuardParser {
 public:
  explicit GuardParser(std::string text) : m_text(std::move(text)) {}
  std::uint8_t parse() {
    const std::uint8_t g = disjunction();
    skip_space();
    if (m_pos != m_text.size()) fail();
    return g;
  }

 private:
  void skip_space() {
    while (m_pos < m_text.size() && m_text[m_pos] == ' ') ++m_pos;
  }
  bool eat(const std::string& token) {
    skip_space();
    if (m_text.compare(m_pos, token.size(), token) != 0) return false;
    m_pos += token.size();
    return true;
  }
  [[noreturn]] void fail() const {
    throw std::runtime_error(fmt::format("cannot read never-claim guard '{}' at {}", m_text, m_pos));
  }
  std::uint8_t disjunction() {
    std::uint8_t g = conjunction();
    while (eat("||")) g = static_cast<std::uint8_t>(g | conjunction());
    return g;
  }
  std::uint8_t conjunction() {
    std::uint8_t g = unary();
    while (eat("&&")) g = static_cast<std::uint8_t>(g & unary());
    return g;
  }
  std::uint8_t unary() {
    if (eat("!")) return static_cast<std::uint8_t>(~unary());
    if (eat("(")) {
      const std::uint8_t g = disjunction();
      if (!eat(")")) fail();
      return g;
    }
    // Letters with p: 1 3 5 7 (0xAA); with q: 2 3 6 7 (0xCC); with r: 4 5 6 7 (0xF0).
    if (eat("true") || eat("1")) return 0xFF;
    if (eat("false") || eat("0")) return 0x00;
    if (eat("p")) return 0xAA;
    if (eat("q")) return 0xCC;
    if (eat("r")) return 0xF0;
    fail();
  }

  std::string m_text;
  std::size_t m_pos = 0;
};

}  // namespace spin_detail

inline std::uint8_t parse_guard(const std::string& text) {
  return spin_detail::GuardParser(text).parse();
}

// Reads SPIN 6's claim: labelled states (consecutive labels name one state; a label starting
// with "accept" makes it accepting), each a `do`/`if` of options `:: (g) -> goto L`, or `skip`
// (loops on anything), or `false;` or the option `:: false` (no move; SPIN prints these for an
// unsatisfiable formula). An option `atomic { (g) -> assert(!(g)) }` means the claim is matched
// once g holds, whatever follows: an edge to accept_all, which loops.
inline NeverClaim parse_never_claim(const std::string& text) {
  using spin_detail::trim;
  std::vector<std::string> lines;
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t end = text.find('\n', at);
    lines.push_back(trim(text.substr(at, end == std::string::npos ? std::string::npos : end - at)));
    at = end == std::string::npos ? text.size() : end + 1;
  }
  auto is_label = [](const std::string& l) {
    return !l.empty() && l.back() == ':' && l.find_first_of(" \t") == std::string::npos;
  };
  NeverClaim claim;
  std::map<std::string, int> state_of;
  bool previous_was_label = false;
  for (const std::string& l : lines) {  // first pass: name the states
    if (!is_label(l)) {
      if (!l.empty()) previous_was_label = false;
      continue;
    }
    const std::string name = l.substr(0, l.size() - 1);
    if (!previous_was_label) {
      claim.edges.emplace_back();
      claim.accepting.push_back(false);
    }
    const int state = static_cast<int>(claim.edges.size()) - 1;
    state_of[name] = state;
    if (name.rfind("accept", 0) == 0) claim.accepting[static_cast<std::size_t>(state)] = true;
    previous_was_label = true;
  }
  auto target = [&](const std::string& name) {
    if (!state_of.count(name)) {
      if (name != "accept_all") throw std::runtime_error("never claim: no state " + name);
      state_of[name] = static_cast<int>(claim.edges.size());
      claim.edges.push_back({{0xFF, state_of[name]}});
      claim.accepting.push_back(true);
    }
    return state_of[name];
  };
  int current = -1;
  for (const std::string& l : lines) {  // second pass: the options
    if (l.empty() || l == "}" || l.rfind("never", 0) == 0 || l == "do" || l == "od;" || l == "if" ||
        l == "fi;" || l == "false;" || l == ":: false")
      continue;
    if (is_label(l)) {
      current = state_of.at(l.substr(0, l.size() - 1));
      continue;
    }
    if (current < 0) throw std::runtime_error("never claim: a line before any state: " + l);
    auto& out = claim.edges[static_cast<std::size_t>(current)];
    if (l == "skip") {
      out.push_back({0xFF, current});
    } else if (l.rfind(":: atomic {", 0) == 0) {
      const std::size_t arrow = l.find("-> assert(");
      if (arrow == std::string::npos) throw std::runtime_error("never claim: cannot read " + l);
      const std::size_t from = std::string(":: atomic {").size();
      out.push_back({parse_guard(l.substr(from, arrow - from)), target("accept_all")});
    } else if (l.rfind("::", 0) == 0) {
      const std::size_t arrow = l.rfind("-> goto ");
      if (arrow == std::string::npos) throw std::runtime_error("never claim: cannot read " + l);
      const std::size_t to = arrow + std::string("-> goto ").size();
      out.push_back({parse_guard(l.substr(2, arrow - 2)), target(trim(l.substr(to)))});
    } else {
      throw std::runtime_error("never claim: cannot read " + l);
    }
  }
  if (claim.edges.empty()) throw std::runtime_error("never claim: no states");
  return claim;
}

// Is there a run of the claim on the lasso that visits an accepting state infinitely often?
// Product nodes are (position, claim state about to read that position's letter).
inline bool claim_accepts(const NeverClaim& claim, const LetterLasso& l) {
  std::vector<Letter> word = l.prefix;
  word.insert(word.end(), l.cycle.begin(), l.cycle.end());
  const std::size_t n = word.size(), qs = claim.edges.size();
  auto successors = [&](std::size_t node) {
    const std::size_t pos = node / qs, q = node % qs;
    const std::size_t next = pos + 1 < n ? pos + 1 : l.prefix.size();
    std::vector<std::size_t> out;
    for (const NeverClaim::Edge& e : claim.edges[q])
      if ((e.guard >> word[pos]) & 1u) out.push_back(next * qs + static_cast<std::size_t>(e.target));
    return out;
  };
  // Nodes reachable in one or more moves from `from`.
  auto reach = [&](std::size_t from) {
    std::vector<bool> seen(n * qs, false);
    std::vector<std::size_t> work = successors(from);
    for (std::size_t v : work) seen[v] = true;
    while (!work.empty()) {
      const std::size_t v = work.back();
      work.pop_back();
      for (std::size_t w : successors(v))
        if (!seen[w]) seen[w] = true, work.push_back(w);
    }
    return seen;
  };
  std::vector<bool> reachable = reach(0);
  reachable[0] = true;
  for (std::size_t v = 0; v < n * qs; ++v)
    if (reachable[v] && claim.accepting[v % qs] && reach(v)[v]) return true;
  return false;
}

// True when `spin` runs here; the SPIN comparisons are skipped otherwise.
inline bool spin_available() { return std::system("spin -V > /dev/null 2>&1") == 0; }

// The never claim `spin -f` prints for the SPIN-syntax `formula` (which has no single quote),
// or nothing if SPIN takes more than `seconds`: its ltl2ba takes minutes on a few small
// formulas, such as [](((false V (q U true)) U (((q U r) U [](false))))).
inline std::optional<std::string> spin_never_claim(const std::string& formula, int seconds = 3) {
  const std::string command = fmt::format("timeout {} spin -f '{}' 2>&1", seconds, formula);
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("cannot run " + command);
  std::string out;
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) out += buffer;
  const int status = pclose(pipe);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 124) return std::nullopt;  // timed out
  if (status != 0 || out.rfind("never", 0) != 0)
    throw std::runtime_error(fmt::format("{} failed ({}): {}", command, status, out));
  return out;
}

}  // namespace finwait::testing
