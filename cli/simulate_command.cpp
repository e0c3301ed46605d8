// `finwait simulate "A close; A->B deliver"`: replays steps written by a person.
#include <fmt/format.h>
#include <fmt/ostream.h>

#include <sstream>
#include <string_view>

#include "commands.hpp"
#include "finwait/model/input_error.hpp"
#include "finwait/model/trace.hpp"
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

std::vector<std::string> split_steps(const std::string& text) {
  std::vector<std::string> out;
  std::string current;
  for (char c : text + ";") {
    if (c == ';' || c == '\n') {
      const auto b = current.find_first_not_of(" \t\r");
      if (b != std::string::npos) out.push_back(current.substr(b, current.find_last_not_of(" \t\r") - b + 1));
      current.clear();
    } else {
      current += c;
    }
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
  const std::string usage = "write 'A close', 'B 2msl', 'A->B deliver [LETTER][, ACK delayed]', "
                            "'B->A drop [LETTER] [#N]' or 'A->B dup LETTER'";
  if (words.size() < 2) throw InputError(where, "cannot read '" + text + "': " + usage);
  StepPattern p;
  p.ack_delayed = ack_delayed;
  const auto kind = parse_kind_word(words[1]);
  if (!kind) throw InputError(where, "unknown step kind '" + words[1] + "': " + usage);
  p.kind = *kind;
  if (p.kind == StepKind::Idle) throw InputError(where, "idle changes nothing; leave it out");
  const bool network = words[0] == "A->B" || words[0] == "B->A";
  if (network) {
    p.actor = words[0] == "A->B" ? Party::A : Party::B;
    if (!is_network_kind(p.kind))
      throw InputError(where, "'" + words[1] + "' is an endpoint step: write '" +
                                  std::string(1, words[0][0]) + " " + words[1] + "'");
  } else {
    const auto party = parse_party(words[0]);
    if (!party) throw InputError(where, "expected A, B, A->B or B->A, found '" + words[0] + "'");
    p.actor = *party;
    if (is_network_kind(p.kind))
      throw InputError(where, "'" + words[1] + "' is a network step: write 'A->B " + words[1] + "'");
  }
  for (std::size_t i = 2; i < words.size(); ++i) {
    if (network && !p.letter && parse_segment(words[i])) {
      p.letter = parse_segment(words[i]);
    } else if (network && words[i].size() > 1 && words[i][0] == '#' &&
               words[i].find_first_not_of("0123456789", 1) == std::string::npos &&
               std::stoul(words[i].substr(1)) >= 1) {
      p.position = static_cast<unsigned>(std::stoul(words[i].substr(1)) - 1);
    } else {
      throw InputError(where, "unexpected '" + words[i] + "' in '" + text + "': " + usage);
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

}  // namespace

int run_simulate(const ModelConfig& config, const std::string& text, bool json, std::ostream& out) {
  const SystemSemantics sys(config);
  Trace trace;
  trace.initial = sys.initial();
  const auto steps = split_steps(text);
  if (steps.empty()) throw InputError("simulate", "no steps given");
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const std::string where = "step " + std::to_string(i + 1);
    const StepPattern pattern = parse_step(steps[i], where);
    std::vector<Transition> candidates;
    sys.for_each_successor(trace.final_state(), [&](const Transition& t) {
      if (matches(pattern, t.step)) candidates.push_back(t);
    });
    if (candidates.empty()) {
      if (!json) print_trace_table(out, trace, config.channel);
      fmt::print(out, "{} '{}' is not enabled in this state; enabled steps: {}\n", where, steps[i],
                 enabled_steps_text(sys, trace.final_state()));
      return 1;
    }
    if (candidates.size() > 1) {
      std::string options;
      for (const auto& c : candidates) options += (options.empty() ? "" : ", ") + candidate_text(c.step);
      throw InputError(where, "'" + steps[i] + "' is ambiguous here; say which: " + options);
    }
    const Transition& t = candidates.front();
    trace.steps.push_back({t.step, t.next, t.sent, t.unexpected, t.lost_to_full_channel});
  }
  if (json) {
    nlohmann::json j = {{"config", config_to_json(config)},
                        {"initial", to_json(trace.initial, config.channel)},
                        {"trace", steps_to_json(trace, config.channel)}};
    out << j.dump(2) << '\n';
    return 0;
  }
  print_trace_table(out, trace, config.channel);
  fmt::print(out, "\n");
  print_msc(out, trace);
  const SystemState& last = trace.final_state();
  fmt::print(out, "\nafter {} steps: A is {}, B is {}; A->B {}, B->A {}\n", trace.steps.size(),
             describe_endpoint(last.at(Party::A)), describe_endpoint(last.at(Party::B)),
             describe_channel(last.from(Party::A), config.channel),
             describe_channel(last.from(Party::B), config.channel));
  return 0;
}

}  // namespace finwait::cli
