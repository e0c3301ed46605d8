// `finwait simulate "A close; A->B deliver"`: replays steps written by a person (as text, in a
// file or on standard input), or walks a random run (`--random N --seed S`).
#include <fmt/format.h>
#include <fmt/ostream.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <sstream>
#include <string_view>

#include "commands.hpp"
#include "pcap_export.hpp"
#include "finwait/model/input_error.hpp"
#include "finwait/model/input_file.hpp"
#include "finwait/model/trace.hpp"
#include "json_document.hpp"
#include "msc_output.hpp"
#include "render_trace.hpp"
#include "trace_json.hpp"

namespace finwait::cli {
namespace {

using namespace finwait::model;

// What a person wrote for one step; empty fields match anything.
struct StepPattern {
  StepKind kind = StepKind::Close;
  Party actor = Party::A;
  std::optional<Segment> letter;
  std::optional<unsigned> position;  // 0-based
  bool ack_delayed = false;          // "A->B deliver FIN, ACK delayed" (--delayed-ack on)
};

bool is_network_kind(StepKind kind) {
  Step s;
  s.kind = kind;
  return s.is_network();
}

// One line's steps: split at ';' and trimmed; empty pieces (";;", a blank line) are no step.
std::vector<std::string> split_steps(const std::string& line) {
  std::vector<std::string> out;
  std::istringstream in(line);
  for (std::string piece; std::getline(in, piece, ';');) {
    const auto b = piece.find_first_not_of(" \t\r");
    if (b != std::string::npos) out.push_back(piece.substr(b, piece.find_last_not_of(" \t\r") - b + 1));
  }
  return out;
}

StepPattern parse_step(const std::string& text, const std::string& where) {
  // The label's own suffix selects the delayed-ACK delivery; without it, the ordinary one.
  std::string body = text;
  const auto suffix = body.find(kAckDelayedSuffix);
  const bool ack_delayed = suffix != std::string::npos &&
                           suffix + std::string_view(kAckDelayedSuffix).size() == body.size();
  if (ack_delayed) body.erase(suffix);
  std::istringstream in(body);
  std::vector<std::string> words;
  for (std::string w; in >> w;) words.push_back(w);
  // A step is a few words: quote at most 60 characters of what was written (a 1 MB word once
  // came back whole in the message).
  auto shown = [](const std::string& w) { return w.size() <= 60 ? w : w.substr(0, 57) + "..."; };
  const std::string usage = "write 'A close', 'B 2msl', 'A->B deliver [LETTER][, ACK delayed]', "
                            "'B->A drop [LETTER] [#N]' or 'A->B dup LETTER'";
  if (words.size() < 2) throw InputError(where, "cannot read '" + shown(text) + "': " + usage);
  StepPattern p;
  p.ack_delayed = ack_delayed;
  const auto kind = parse_kind_word(words[1]);
  if (!kind) throw InputError(where, "unknown step kind '" + shown(words[1]) + "': " + usage);
  p.kind = *kind;
  if (p.kind == StepKind::Idle) throw InputError(where, "idle changes nothing; leave it out");
  const bool network = words[0] == "A->B" || words[0] == "B->A";
  if (network) {
    p.actor = words[0] == "A->B" ? Party::A : Party::B;
    if (!is_network_kind(p.kind))
      throw InputError(where, "'" + shown(words[1]) + "' is an endpoint step: write '" +
                                  std::string(1, words[0][0]) + " " + shown(words[1]) + "'");
  } else {
    const auto party = parse_party(words[0]);
    if (!party) throw InputError(where, "expected A, B, A->B or B->A, found '" + shown(words[0]) + "'");
    p.actor = *party;
    if (is_network_kind(p.kind))
      throw InputError(where, "'" + shown(words[1]) + "' is a network step: write 'A->B " + shown(words[1]) + "'");
  }
  for (std::size_t i = 2; i < words.size(); ++i) {
    if (network && !p.letter && parse_segment(words[i])) {
      p.letter = parse_segment(words[i]);
    } else if (network && words[i].size() > 1 && words[i][0] == '#' &&
               words[i].find_first_not_of("0123456789", 1) == std::string::npos) {
      // Nine digits at most, so that the number cannot wrap (a position past the channel's
      // contents is reported when the step is matched).
      if (words[i].size() > 10 || std::stoul(words[i].substr(1)) == 0)
        throw InputError(where, "'" + shown(words[i]) + "' is not a position in a channel: positions "
                                "count from #1 (the head)");
      p.position = static_cast<unsigned>(std::stoul(words[i].substr(1)) - 1);
    } else {
      throw InputError(where, "unexpected '" + shown(words[i]) + "' in '" + shown(text) + "': " + usage);
    }
  }
  return p;
}

bool matches(const StepPattern& p, const Step& s) {
  return s.kind == p.kind && s.actor == p.actor && s.ack_delayed == p.ack_delayed &&
         (!p.letter || s.letter == *p.letter) &&
         (!p.position || s.position == *p.position);
}

std::string candidate_text(const Step& s) {
  std::string t = label(s);
  if (s.kind == StepKind::Drop) t += " #" + std::to_string(s.position + 1);
  return t;
}

// One step as written. `where` locates it for an InputError: "step 3" in text given on the
// command line, "FILE:LINE" in a file or on standard input (a file's reader wants the line).
struct WrittenStep {
  std::string text;
  std::string where;
  std::string context;  // opens the not-enabled message: "step 3", "steps.txt:4: step 3"
};

// '#' starts a comment to the end of the line, except '#' and a digit: a fifo position
// ("B->A drop #2"), which the step syntax had before files had comments.
std::string strip_comment(const std::string& line) {
  for (std::size_t i = 0; i < line.size(); ++i)
    if (line[i] == '#' && (i + 1 == line.size() || !std::isdigit(static_cast<unsigned char>(line[i + 1]))))
      return line.substr(0, i);
  return line;
}

// `source` names the stream in locations ("steps.txt", "<stdin>"); empty: the command line's
// text, whose steps are located by number as before files existed.
std::vector<WrittenStep> read_steps(std::istream& in, const std::string& source) {
  std::vector<WrittenStep> out;
  std::size_t line_number = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_number;
    for (const std::string& text : split_steps(strip_comment(line))) {
      const std::string number = "step " + std::to_string(out.size() + 1);
      const std::string at = source + ":" + std::to_string(line_number);
      if (source.empty()) out.push_back({text, number, number});
      else out.push_back({text, at, at + ": " + number});
    }
  }
  return out;
}

std::vector<WrittenStep> read_steps_file(const std::string& path) {
  std::istringstream in(model::read_input_file(path, "steps file"));
  return read_steps(in, path);
}

// The steps from wherever the options say; "-" (as the text or as --file) is `stdin_stream`.
std::vector<WrittenStep> written_steps(const SimulateOptions& options, std::istream& stdin_stream) {
  const std::string shape = "give the steps as text (\"A close; A->B deliver\"), with --file FILE, "
                            "or as - to read standard input";
  if (!options.steps.empty() && !options.file.empty())
    throw InputError("--file", "the steps are given twice, as text and with --file: " + shape);
  if (options.steps.empty() && options.file.empty())
    throw InputError("simulate", "no steps given: " + shape + "; or ask for --random N");
  const std::string& named = options.file.empty() ? options.steps : options.file;
  std::vector<WrittenStep> steps;
  if (named == "-") steps = read_steps(stdin_stream, "<stdin>");
  else if (!options.file.empty()) steps = read_steps_file(options.file);
  else {
    std::istringstream text(options.steps);
    steps = read_steps(text, "");
  }
  if (steps.empty()) throw InputError(options.file.empty() ? "simulate" : options.file, "no steps given");
  return steps;
}

// "12" -> 12; anything but a whole number in [low, high] names the flag.
std::uint64_t parse_whole(const std::string& text, const std::string& flag, std::uint64_t low,
                          std::uint64_t high) {
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < low || value > high)
    throw InputError(flag, fmt::format("invalid value '{}', expected a whole number {}..{}", text, low, high));
  return value;
}

// A random run is printed, so its length is bounded by what a person can read; runs with
// `--retries inf` never end on their own.
constexpr std::uint64_t kMaxRandomSteps = 100000;

void record(Trace& trace, const Transition& t) {
  trace.steps.push_back({t.step, t.next, t.sent, t.unexpected, t.lost_to_full_channel});
}

// Runs the written steps; nullopt after printing why a step is not enabled.
std::optional<Trace> run_written(const SystemSemantics& sys, const std::vector<WrittenStep>& steps,
                                 bool json, std::ostream& out) {
  Trace trace;
  trace.initial = sys.initial();
  for (const WrittenStep& written : steps) {
    const StepPattern pattern = parse_step(written.text, written.where);
    std::vector<Transition> candidates;
    sys.for_each_successor(trace.final_state(), [&](const Transition& t) {
      if (matches(pattern, t.step)) candidates.push_back(t);
    });
    if (candidates.empty()) {
      if (!json) print_trace_table(out, trace, sys.config().channel);
      fmt::print(out, "{} '{}' is not enabled in this state; enabled steps: {}\n", written.context,
                 written.text, enabled_steps_text(sys, trace.final_state()));
      return std::nullopt;
    }
    if (candidates.size() > 1) {
      std::string options;
      for (const auto& c : candidates) options += (options.empty() ? "" : ", ") + candidate_text(c.step);
      throw InputError(written.where, "'" + written.text + "' is ambiguous here; say which: " + options);
    }
    record(trace, candidates.front());
  }
  return trace;
}

// The step as `simulate` reads it back: the label, or with the drop's #N when the label
// alone would match several of the enabled steps (fifo [FIN][ACK][FIN]: "drop FIN" is two).
std::string replayable_text(const Step& step, const std::vector<Transition>& enabled) {
  const std::string text = label(step);
  const StepPattern pattern = parse_step(text, "random run");
  const auto same = std::count_if(enabled.begin(), enabled.end(),
                                  [&](const Transition& t) { return matches(pattern, t.step); });
  return same == 1 ? text : candidate_text(step);
}

struct RandomRun {
  Trace trace;
  std::vector<std::string> texts;  // each step as `simulate` reads it
  bool stuck = false;              // ended before the bound: no step was enabled
};

// SPIN's random simulation: from the initial state, a uniform choice among the enabled steps,
// idle aside (it changes nothing). std::mt19937_64's output is fixed by the standard, and the
// index is the draw modulo the number of steps (std::uniform_int_distribution's algorithm
// differs between standard libraries), so a seed names the same run everywhere. The modulo's
// bias, below n / 2^64, is far too small to see.
RandomRun random_run(const SystemSemantics& sys, std::uint64_t max_steps, std::uint64_t seed) {
  std::mt19937_64 draw(seed);
  RandomRun run;
  run.trace.initial = sys.initial();
  while (run.trace.steps.size() < max_steps) {
    std::vector<Transition> enabled;
    sys.for_each_successor(run.trace.final_state(), [&](const Transition& t) {
      if (t.step.kind != StepKind::Idle) enabled.push_back(t);
    });
    if (enabled.empty()) {
      run.stuck = true;
      break;
    }
    const Transition& chosen = enabled[draw() % enabled.size()];
    run.texts.push_back(replayable_text(chosen.step, enabled));
    record(run.trace, chosen);
  }
  return run;
}

void print_run(std::ostream& out, const Trace& trace, ChannelKind channel) {
  print_trace_table(out, trace, channel);
  fmt::print(out, "\n");
  print_msc(out, trace);
  const SystemState& last = trace.final_state();
  fmt::print(out, "\nafter {} steps: A is {}, B is {}; A->B {}, B->A {}\n", trace.steps.size(),
             describe_endpoint(last.at(Party::A)), describe_endpoint(last.at(Party::B)),
             describe_channel(last.from(Party::A), channel), describe_channel(last.from(Party::B), channel));
}

// The envelope of docs/json.md with the run; `seed` only for a random run.
void print_json(std::ostream& out, const ModelConfig& config, const Trace& trace,
                std::optional<std::uint64_t> seed) {
  nlohmann::json j = json_document("simulate", config);
  j["initial"] = to_json(trace.initial, config.channel);
  j["trace"] = steps_to_json(trace, config.channel);
  if (seed) j["seed"] = *seed;
  out << j.dump(2) << '\n';
}

int run_random(const ModelConfig& config, const SimulateOptions& options, std::ostream& out) {
  if (!options.steps.empty() || !options.file.empty())
    throw InputError("--random", "a random run chooses its own steps: leave out the steps text and --file");
  const std::uint64_t max_steps = parse_whole(options.random, "--random", 1, kMaxRandomSteps);
  const std::uint64_t seed =
      options.seed.empty() ? 1 : parse_whole(options.seed, "--seed", 0, UINT64_MAX);
  const SystemSemantics sys(config);
  const RandomRun run = random_run(sys, max_steps, seed);
  if (!options.pcap_out.empty()) write_capture(options.pcap_out, run.trace);
  if (!options.msc.empty())
    write_msc(options.msc, {{chart_title(fmt::format("random run, seed {}", seed), "", run.trace), run.trace}},
              config.channel);
  if (options.json) {
    print_json(out, config, run.trace, seed);
    return 0;
  }
  fmt::print(out, "random run, seed {}, at most {} steps\n", seed, max_steps);
  print_run(out, run.trace, config.channel);
  if (run.stuck)
    fmt::print(out, "no step is enabled: the run ends here after {} steps\n", run.trace.steps.size());
  // The same run as `finwait simulate` reads it, to paste back and edit.
  fmt::print(out, "steps: {}\n", fmt::join(run.texts, "; "));
  return 0;
}

}  // namespace

int run_simulate(const ModelConfig& config, const SimulateOptions& options, std::istream& in,
                 std::ostream& out) {
  if (!options.random.empty()) return run_random(config, options, out);
  if (!options.seed.empty()) throw InputError("--seed", "a seed is for --random N; give both or neither");
  const std::vector<WrittenStep> steps = written_steps(options, in);
  const SystemSemantics sys(config);
  const std::optional<Trace> trace = run_written(sys, steps, options.json, out);
  if (!trace) return 1;
  if (!options.pcap_out.empty()) write_capture(options.pcap_out, *trace);
  if (!options.msc.empty()) write_msc(options.msc, {{chart_title("simulate", "", *trace), *trace}}, config.channel);
  if (options.json) print_json(out, config, *trace, std::nullopt);
  else print_run(out, *trace, config.channel);
  return 0;
}

}  // namespace finwait::cli
