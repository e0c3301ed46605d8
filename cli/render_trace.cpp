// Step tables and message sequence charts for traces.
#include "render_trace.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ostream.h>

#include <string>

namespace finwait::cli {
namespace {

using namespace finwait::model;

std::string flags(const TraceStep& s) {
  std::string out;
  if (s.unexpected) out += "  !! unexpected reception";
  if (s.lost_to_full_channel) out += "  (sent into a full channel: lost)";
  return out;
}

std::string cycle_mark(const Trace& trace, std::size_t step_index) {
  return trace.cycle_start && *trace.cycle_start == step_index ? "  <-- cycle starts here" : "";
}

// ---- message sequence chart --------------------------------------------------------------
constexpr int kStateWidth = 19;
constexpr int kHalf = 17;  // each half of the network column

struct MscLine {
  std::string a, left, right, b, note;
};

std::string arrow_right(Segment s) { return fmt::format("{} {:->{}}", name(s), ">", kHalf - 2 - static_cast<int>(name(s).size())); }
std::string arrow_left(Segment s) { return fmt::format("<{:-<{}} {}", "", kHalf - 3 - static_cast<int>(name(s).size()), name(s)); }
std::string arrive_right(Segment s) { return fmt::format("{:->{}} {}", ">", kHalf - 2 - static_cast<int>(name(s).size()), name(s)); }
std::string arrive_left(Segment s) { return fmt::format("{} <{:-<{}}", name(s), "", kHalf - 3 - static_cast<int>(name(s).size())); }

std::string state_cell(const EndpointLocal& before, const EndpointLocal& after) {
  return before == after ? "" : describe_endpoint(after);
}

std::vector<MscLine> msc_lines(const SystemState& before, const TraceStep& ts) {
  const Step& st = ts.step;
  const SystemState& after = ts.state;
  std::vector<MscLine> lines(1);
  MscLine& first = lines[0];
  first.a = state_cell(before.at(Party::A), after.at(Party::A));
  first.b = state_cell(before.at(Party::B), after.at(Party::B));
  const bool from_a = st.actor == Party::A;
  auto put_send = [&](MscLine& line, Party sender, Segment s) {
    std::string text = sender == Party::A ? arrow_right(s) : arrow_left(s);
    if (ts.lost_to_full_channel)
      text = sender == Party::A ? fmt::format("{} --x (full)", name(s))
                                : fmt::format("(full) x-- {}", name(s));
    (sender == Party::A ? line.left : line.right) = text;
  };
  if (!st.is_network()) {
    if (ts.sent) put_send(first, st.actor, *ts.sent);
    return lines;
  }
  switch (st.kind) {
    case StepKind::Deliver: {
      (from_a ? first.right : first.left) = from_a ? arrive_right(st.letter) : arrive_left(st.letter);
      if (ts.unexpected) first.note = "!! unexpected";
      if (ts.sent) {
        MscLine second;
        put_send(second, other(st.actor), *ts.sent);
        lines.push_back(second);
      }
      break;
    }
    case StepKind::Drop:
      (from_a ? first.left : first.right) = fmt::format("~ {} dropped ~", name(st.letter));
      break;
    case StepKind::Dup:
      (from_a ? first.left : first.right) = fmt::format("+ {} duplicated", name(st.letter));
      break;
    default: break;
  }
  return lines;
}

}  // namespace

void print_trace_table(std::ostream& out, const Trace& trace, ChannelKind kind) {
  auto step_label = [](const TraceStep& s) {
    std::string lbl = label(s.step);
    if (s.step.kind == StepKind::Drop && s.step.position > 0) lbl += " #" + std::to_string(s.step.position + 1);
    return lbl;
  };
  // Columns as wide as their longest entry (long labels, large channels), never narrower
  // than the usual widths, so that rows line up at any capacity.
  std::size_t label_width = 22, endpoint_width = 18, channel_width = 16;
  for (std::size_t i = 0; i <= trace.steps.size(); ++i) {
    const SystemState& s = i == 0 ? trace.initial : trace.steps[i - 1].state;
    if (i > 0) label_width = std::max(label_width, step_label(trace.steps[i - 1]).size());
    for (Party p : {Party::A, Party::B}) {
      endpoint_width = std::max(endpoint_width, describe_endpoint(s.at(p)).size() + 1);
      channel_width = std::max(channel_width, describe_channel(s.from(p), kind).size() + 1);
    }
  }
  fmt::print(out, "{:>5}  {:<{}} {:<{}} {:<{}} {:<{}} {}\n", "step", "label", label_width, "A",
             endpoint_width, "B", endpoint_width, "A->B", channel_width, "B->A");
  auto row = [&](const std::string& number, const std::string& lbl, const SystemState& s,
                 const std::string& extra) {
    const std::string line = fmt::format(
        "{:>5}  {:<{}} {:<{}} {:<{}} {:<{}} {:<{}}{}", number, lbl, label_width,
        describe_endpoint(s.at(Party::A)), endpoint_width, describe_endpoint(s.at(Party::B)),
        endpoint_width, describe_channel(s.from(Party::A), kind), channel_width,
        describe_channel(s.from(Party::B), kind), extra.empty() ? 0 : channel_width, extra);
    fmt::print(out, "{}\n", line);
  };
  row("0", "(initial)", trace.initial, "");
  for (std::size_t i = 0; i < trace.steps.size(); ++i) {
    const TraceStep& s = trace.steps[i];
    row(std::to_string(i + 1), step_label(s), s.state, flags(s) + cycle_mark(trace, i));
  }
  if (trace.cycle_start)
    fmt::print(out, "       (then steps {}..{} repeat forever)\n", *trace.cycle_start + 1, trace.steps.size());
}

void print_msc(std::ostream& out, const Trace& trace) {
  const int mid = 2 * kHalf;
  fmt::print(out, "{:>5}  {:<{}} {:^{}}  {}\n", "", "A", kStateWidth, "", mid, "B");
  fmt::print(out, "{:>5}  {:<{}} {:^{}}  {}\n", "", describe_endpoint(trace.initial.at(Party::A)),
             kStateWidth, "", mid, describe_endpoint(trace.initial.at(Party::B)));
  for (std::size_t i = 0; i < trace.steps.size(); ++i) {
    const auto lines = msc_lines(trace.state_before(i), trace.steps[i]);
    for (std::size_t k = 0; k < lines.size(); ++k) {
      const MscLine& l = lines[k];
      const std::string number = k == 0 ? std::to_string(i + 1) : "";
      const std::string lbl = k == 0 ? label(trace.steps[i].step) : "";
      std::string note = l.note.empty() ? "" : "  " + l.note;
      if (k == 0) note += cycle_mark(trace, i);
      fmt::print(out, "{:>5}  {:<{}} {:<{}}{:>{}}  {:<{}}  {}{}\n", number, l.a, kStateWidth, l.left,
                 kHalf, l.right, kHalf, l.b, kStateWidth, lbl, note);
    }
  }
}

}  // namespace finwait::cli
