// Typo suggestions and repeated-flag messages for the command line.
#include "usage_check.hpp"

#include <algorithm>
#include <map>

namespace finwait::cli {
namespace {

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

std::string did_you_mean(const std::string& word, const std::vector<std::string>& known) {
  const std::string near = nearest(word, known);
  return near.empty() ? "" : "; did you mean '" + near + "'?";
}

std::vector<std::string> subcommand_names(const CLI::App& app) {
  std::vector<std::string> out;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
    if (!sub->get_group().empty()) out.push_back(sub->get_name());
  return out;
}

const CLI::App* find_subcommand(const CLI::App& app, const std::string& name) {
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
    if (sub->get_name() == name) return sub;
  return nullptr;
}

// "--flag" -> its option, from the subcommand's options and the app's own (--help, --version).
std::map<std::string, const CLI::Option*> long_options(const CLI::App& app, const CLI::App& sub) {
  std::map<std::string, const CLI::Option*> out;
  for (const CLI::App* a : {&app, &sub})
    for (const CLI::Option* opt : a->get_options())
      for (const std::string& name : opt->get_lnames()) out.emplace("--" + name, opt);
  return out;
}

std::string join(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

}  // namespace

std::string nearest(const std::string& word, const std::vector<std::string>& known) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (const std::string& k : known) {
    const std::size_t d = edit_distance(word, k);
    if (d < best_distance) {
      best = k;
      best_distance = d;
    }
  }
  return best;
}

void check_usage(const CLI::App& app, const std::vector<std::string>& args) {
  if (args.empty() || args.front().starts_with("-")) return;  // --help, --version: CLI11's
  const std::string& name = args.front();
  const CLI::App* sub = find_subcommand(app, name);
  const std::vector<std::string> subs = subcommand_names(app);
  if (sub == nullptr)
    throw UsageError("unknown subcommand '" + name + "'" + did_you_mean(name, subs) +
                     " (subcommands: " + join(subs) + ")");
  const auto options = long_options(app, *sub);
  std::vector<std::string> known;
  for (const auto& [flag, opt] : options) known.push_back(flag);
  std::map<std::string, int> seen;
  for (std::size_t i = 1; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") break;  // the rest are positional
    if (!arg.starts_with("--")) continue;
    const std::string flag = arg.substr(0, arg.find('='));
    const auto it = options.find(flag);
    if (it == options.end())
      throw UsageError("'" + name + "' has no option " + flag + did_you_mean(flag, known) +
                       " (see finwait " + name + " --help)");
    const CLI::Option* opt = it->second;
    const bool single = opt->get_expected_max() <= 1 && opt->get_type_size_max() <= 1 &&
                        opt->get_multi_option_policy() == CLI::MultiOptionPolicy::Throw;
    if (single && ++seen[flag] > 1)
      throw UsageError(flag + " is given more than once; give it once");
  }
}

}  // namespace finwait::cli
