// Reading property files and the shipped library.
#include "finwait/properties/property_file.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "finwait/model/input_error.hpp"
#include "finwait/model/input_file.hpp"

namespace finwait::properties {
namespace {

struct Directive {
  std::string key, value;
  int line = 0;
  std::vector<std::pair<std::size_t, int>> line_starts;  // (offset in value, file line)
  int first_column = 1;                                  // column of value[0] in its line
};

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

// Re-locates a parser error "@:OFFSET" inside a possibly multi-line directive value.
[[noreturn]] void relocate(const InputError& e, const Directive& d, const std::string& file) {
  const std::string& w = e.where();
  const std::size_t offset = static_cast<std::size_t>(std::stoul(w.substr(w.rfind(':') + 1))) - 1;
  auto it = std::upper_bound(d.line_starts.begin(), d.line_starts.end(),
                             std::make_pair(offset, INT32_MAX)) - 1;
  const int col = static_cast<int>(offset - it->first) + (it == d.line_starts.begin() ? d.first_column : 1);
  throw InputError(file + ":" + std::to_string(it->second) + ":" + std::to_string(col), e.what());
}

Formula parse_in(const Directive& d, const std::string& file) {
  try {
    return parse_formula(d.value, "@");
  } catch (const InputError& e) {
    relocate(e, d, file);
  }
}

void apply_fairness(FairnessSpec& spec, const Directive& d, const std::string& file, Fairness f) {
  std::stringstream in(d.value);
  for (std::string item; std::getline(in, item, ',');) {
    item = trim(item);
    std::string word = item, who;
    if (const auto open = item.find('('); open != std::string::npos) {
      if (item.back() != ')') throw InputError(file + ":" + std::to_string(d.line), "expected ')' in '" + item + "'");
      word = trim(item.substr(0, open));
      who = trim(item.substr(open + 1, item.size() - open - 2));
    }
    if (!set_fairness(spec, word, who, f))
      throw InputError(file + ":" + std::to_string(d.line),
                       "unknown step class '" + item + "'; expected close, abort, retransmit, giveup, "
                       "2msl, fw2-timeout, timers, deliver, drop, dup or all, optionally with (A), (B), "
                       "(A->B) or (B->A)");
  }
}

std::vector<Directive> split_directives(const std::string& text, const std::string& file,
                                        std::string& meaning) {
  std::vector<Directive> out;
  std::istringstream in(text);
  bool leading_comment = true;
  int number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    if (trim(line).empty()) continue;
    if (trim(line)[0] == '#') {
      if (leading_comment) {
        if (!meaning.empty()) meaning.append(" ");  // append: GCC 12 -Wrestrict on operator+
        meaning.append(trim(trim(line).substr(1)));
      }
      continue;
    }
    leading_comment = false;
    if (std::isspace(static_cast<unsigned char>(line[0]))) {
      if (out.empty()) throw InputError(file + ":" + std::to_string(number), "continuation line before any directive");
      Directive& d = out.back();
      d.value += '\n';
      d.line_starts.push_back({d.value.size(), number});
      d.value += line;
      continue;
    }
    const auto colon = line.find(':');
    if (colon == std::string::npos)
      throw InputError(file + ":" + std::to_string(number), "expected 'key: value' (fairness, weak, strong, unfair, claim or reachable)");
    Directive d;
    d.key = trim(line.substr(0, colon));
    d.line = number;
    d.value = line.substr(colon + 1);
    d.first_column = static_cast<int>(colon) + 2;
    d.line_starts.push_back({0, number});
    out.push_back(d);
  }
  return out;
}

bool invariant_body(const Formula& f) {
  return f.kind == Formula::Kind::Always && !is_temporal(f.children[0]);
}

}  // namespace

PropertySpec parse_property_text(const std::string& text, const std::string& name, const std::string& file) {
  PropertySpec spec;
  spec.name = name;
  spec.source = file;
  bool have_claim = false;
  for (const Directive& d : split_directives(text, file, spec.meaning)) {
    const std::string where = file + ":" + std::to_string(d.line);
    if (d.key == "fairness") {
      const std::string v = trim(d.value);
      if (v == "default") spec.fairness = FairnessSpec::model_default();
      else if (v == "none") spec.fairness = FairnessSpec{};
      else throw InputError(where, "fairness is 'default' or 'none', not '" + v + "'");
    } else if (d.key == "weak" || d.key == "strong" || d.key == "unfair") {
      apply_fairness(spec.fairness, d, file,
                     d.key == "weak" ? Fairness::Weak : d.key == "strong" ? Fairness::Strong : Fairness::None);
    } else if (d.key == "claim" || d.key == "reachable") {
      if (have_claim) throw InputError(where, "a property file holds one claim");
      have_claim = true;
      const Formula f = parse_in(d, file);
      if (d.key == "reachable") {
        if (is_temporal(f)) throw InputError(where, "reachable takes a condition on one state, without temporal operators");
        spec.kind = ClaimKind::Reachable;
        spec.claim = f;
      } else if (invariant_body(f)) {
        spec.kind = ClaimKind::Invariant;
        spec.claim = f.children[0];
      } else {
        spec.kind = ClaimKind::Temporal;
        spec.claim = f;
      }
    } else {
      throw InputError(where, "unknown directive '" + d.key + "'; expected fairness, weak, strong, unfair, claim or reachable");
    }
  }
  if (!have_claim) throw InputError(file, "no 'claim:' or 'reachable:' line");
  return spec;
}

PropertySpec parse_property_file(const std::string& path) {
  return parse_property_text(model::read_input_file(path, "property file"),
                             std::filesystem::path(path).stem().string(), path);
}

// $FINWAIT_LIBRARY if set (and then it must exist: a typo there would otherwise read as an
// unknown property); else share/finwait/properties beside an installed binary (bin/finwait);
// else the source tree's library, for a binary run from its build directory.
std::string library_directory() {
  namespace fs = std::filesystem;
  if (const char* env = std::getenv("FINWAIT_LIBRARY"); env != nullptr && *env != '\0') {
    std::error_code ec;
    if (!fs::is_directory(env, ec))
      throw InputError("FINWAIT_LIBRARY", std::string("'") + env + "' is not a directory");
    return env;
  }
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path installed = exe.parent_path().parent_path() / "share" / "finwait" / "properties";
    if (fs::is_directory(installed, ec)) return installed.string();
  }
  return FINWAIT_PROPERTY_LIBRARY;
}

std::vector<std::string> library_names() {
  std::vector<std::string> names;
  for (const auto& b : builtin_safety_properties()) names.push_back(b.name);
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(library_directory(), ec))
    if (entry.path().extension() == ".prop") files.push_back(entry.path().stem().string());
  std::sort(files.begin(), files.end());
  names.insert(names.end(), files.begin(), files.end());
  return names;
}

PropertySpec resolve_property(const std::string& name) {
  if (name.find('/') != std::string::npos || name.ends_with(".prop")) return parse_property_file(name);
  if (const SafetyProperty* b = find_builtin(name)) {
    PropertySpec spec;
    spec.name = b->name;
    spec.meaning = b->meaning;
    spec.source = "built-in";
    spec.kind = ClaimKind::Builtin;
    spec.builtin = *b;
    return spec;
  }
  const auto path = std::filesystem::path(library_directory()) / (name + ".prop");
  std::error_code ec;  // a name too long for a path is an unknown name, not an exception
  if (!std::filesystem::exists(path, ec)) {
    std::string known;
    for (const auto& n : library_names()) known += " " + n;
    throw InputError("--property", "unknown property '" + name + "'; known:" + known);
  }
  return parse_property_file(path.string());
}

const std::vector<std::string>& default_property_names() {
  static const std::vector<std::string> names = {"no-unexpected", "proper-termination", "graceful"};
  return names;
}

SafetyProperty as_safety(const PropertySpec& spec) {
  if (spec.kind == ClaimKind::Builtin) return spec.builtin;
  Formula bad;
  bad.kind = Formula::Kind::Not;
  bad.children.push_back(spec.claim);
  return {spec.name, spec.meaning, SafetyKind::NoBadState, bad};
}

}  // namespace finwait::properties
