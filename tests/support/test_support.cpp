// Implementation of the shared test helpers.
#include "test_support.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <map>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

#include "app.hpp"
#include "model_options.hpp"
#include "finwait/model/trace.hpp"
#include "finwait/properties/property_file.hpp"

namespace finwait::testing {

model::ModelConfig config_from_flags(const std::string& flags) {
  CLI::App app;
  cli::ModelOptions options;
  options.add_to(app);
  // A flag given twice: the last value wins (grids of paired changes rely on it).
  std::map<std::string, std::string> last;
  std::istringstream in(flags);
  for (std::string flag, value; in >> flag >> value;) last[flag] = value;
  std::vector<std::string> args;
  for (const auto& [flag, value] : last) args.insert(args.end(), {flag, value});
  std::reverse(args.begin(), args.end());  // CLI11 takes them last first
  app.parse(args);
  return options.to_config();
}

checker::SafetyReport check(const model::ModelConfig& config, const std::vector<std::string>& queries) {
  const model::SystemSemantics sys(config);
  std::vector<properties::ReachQuery> qs;
  for (const auto& q : queries) qs.push_back(properties::parse_reach_query(q, "test"));
  std::vector<properties::SafetyProperty> props;
  for (const auto& name : properties::default_property_names())
    props.push_back(properties::as_safety(properties::resolve_property(name)));
  auto report = checker::check_safety(sys, props, qs, {});
  for (const auto* list : {&report.properties, &report.queries})
    for (const auto& p : *list)
      if (p.trace && model::replay(sys, *p.trace))
        throw std::logic_error("trace of " + p.name + " does not replay");
  return report;
}

const checker::PropertyOutcome& outcome(const checker::SafetyReport& r, const std::string& name) {
  for (const auto* list : {&r.properties, &r.queries})
    for (const auto& p : *list)
      if (p.name == name) return p;
  throw std::logic_error("no outcome named " + name);
}

model::Trace run_steps(const model::SystemSemantics& sys, const std::vector<std::string>& labels) {
  model::Trace trace;
  trace.initial = sys.initial();
  for (const auto& want : labels) {
    bool found = false;
    const model::SystemState current = trace.final_state();  // the lambda grows trace.steps
    sys.for_each_successor(current, [&](const model::Transition& t) {
      if (found || model::label(t.step) != want) return;
      found = true;
      trace.steps.push_back({t.step, t.next, t.sent, t.unexpected, t.lost_to_full_channel});
    });
    if (!found)
      throw std::logic_error("step '" + want + "' is not enabled; enabled: " +
                             model::enabled_steps_text(sys, trace.final_state()));
  }
  return trace;
}

CliRun run_cli(const std::vector<std::string>& args) {
  std::vector<const char*> argv = {"finwait"};
  for (const auto& a : args) argv.push_back(a.c_str());
  std::ostringstream out, err;
  CliRun r;
  r.status = cli::run_cli(static_cast<int>(argv.size()), argv.data(), out, err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

CliRun run_binary(const std::string& args) {
  const std::string err_file = temp_path("stderr.txt");
  const std::string cmd = std::string(FINWAIT_BINARY) + " " + args + " 2>" + err_file;
  CliRun r;
  FILE* pipe = popen(cmd.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("popen failed");
  std::array<char, 4096> buf{};
  while (std::size_t n = fread(buf.data(), 1, buf.size(), pipe)) r.out.append(buf.data(), n);
  const int status = pclose(pipe);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  FILE* err = fopen(err_file.c_str(), "r");
  if (err != nullptr) {
    while (std::size_t n = fread(buf.data(), 1, buf.size(), err)) r.err.append(buf.data(), n);
    fclose(err);
  }
  return r;
}

namespace {

// This process's scratch directory, removed when the test process ends so that test runs do
// not pile up directories in /tmp.
struct ScratchDirectory {
  std::filesystem::path path = std::filesystem::temp_directory_path() /
                               ("finwait-test-" + std::to_string(getpid()));
  ScratchDirectory() { std::filesystem::create_directories(path); }
  ~ScratchDirectory() {
    std::error_code ignored;  // a test that made a file read-only must not fail the exit
    std::filesystem::remove_all(path, ignored);
  }
};

}  // namespace

double time_budget(double seconds) {
  const char* scale = std::getenv("FINWAIT_TEST_TIME_SCALE");
  const double factor = scale != nullptr ? std::atof(scale) : 1.0;
  return seconds * (factor > 1.0 ? factor : 1.0);
}

std::string temp_path(const std::string& name) {
  static int counter = 0;
  static const ScratchDirectory dir;
  std::filesystem::create_directories(dir.path);  // a test may have removed it
  return (dir.path / (std::to_string(++counter) + "-" + name)).string();
}

}  // namespace finwait::testing
