// Message sequence charts of traces as standalone SVG documents.
#include "finwait/pictures/sequence_chart.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <iterator>
#include <optional>
#include <string_view>

#include "finwait/pictures/html_report.hpp"
#include "finwait/model/system_state.hpp"

namespace finwait::pictures {
namespace {

using namespace finwait::model;

// ---- pairing sends with what ends them --------------------------------------------------

// A channel's segments as indices into the arrows: channel order for a fifo, the order they
// entered for a bag (so "first sent first" is the first match).
using InFlight = std::vector<std::size_t>;

// The segment a network step acts on: a fifo's position when it holds that letter (drop #N,
// deliver the head), otherwise the earliest of that letter; nothing when there is none.
std::optional<std::size_t> find_segment(const InFlight& ch, const std::vector<ChartArrow>& arrows,
                                        Segment letter, std::size_t position, ChannelKind kind) {
  if (kind == ChannelKind::Fifo && position < ch.size() && arrows[ch[position]].letter == letter)
    return position;
  for (std::size_t k = 0; k < ch.size(); ++k)
    if (arrows[ch[k]].letter == letter) return k;
  return std::nullopt;
}

void seed_initial(const SystemState& initial, ChannelKind kind, std::vector<ChartArrow>& arrows,
                  std::array<InFlight, 2>& channels) {
  for (Party p : {Party::A, Party::B}) {
    const Channel& ch = initial.from(p);
    auto add = [&](Segment s) {
      channels[static_cast<int>(p)].push_back(arrows.size());
      arrows.push_back({p, s, 0, ArrowEnd::InFlight, 0, false, false});
    };
    if (kind == ChannelKind::Fifo)
      for (unsigned i = 0; i < ch.size; ++i) add(ch.seq[i]);
    else
      for (int l = 0; l < kSegmentCount; ++l)
        for (unsigned n = 0; n < ch.count[l]; ++n) add(static_cast<Segment>(l));
  }
}

void network_step(const TraceStep& ts, std::size_t row, ChannelKind kind,
                  std::vector<ChartArrow>& arrows, InFlight& ch) {
  const Step& st = ts.step;
  const std::size_t position = st.kind == StepKind::Drop ? st.position : 0;
  const auto k = find_segment(ch, arrows, st.letter, position, kind);
  if (!k) return;
  const std::size_t index = ch[*k];
  if (st.kind == StepKind::Dup) {
    ChartArrow copy = arrows[index];
    copy.copy = true;
    ch.push_back(arrows.size());
    arrows.push_back(copy);
    return;
  }
  arrows[index].end = st.kind == StepKind::Deliver ? ArrowEnd::Delivered : ArrowEnd::Dropped;
  arrows[index].end_row = row;
  arrows[index].unexpected = st.kind == StepKind::Deliver && ts.unexpected;
  ch.erase(ch.begin() + static_cast<std::ptrdiff_t>(*k));
}

// ---- layout -------------------------------------------------------------------------------

constexpr int kRow = 32;        // one step
constexpr int kFirstRow = 80;   // row 0 (the initial states) below a chart's top
constexpr int kGap = 360;       // between the lifelines
constexpr int kNumberX = 36;    // right edge of the step numbers
constexpr int kLabelX = 46;     // left edge of the step labels
constexpr int kBracketText = 130;

// Monospace at 12px is about 7.25px a character (at 14px bold, about 8.5).
int text_width(std::size_t chars) { return static_cast<int>(chars) * 29 / 4; }

struct Layout {
  int a_x = 0, b_x = 0;  // the lifelines
  int bracket_x = 0;
  int width = 0;
  int x(Party p) const { return p == Party::A ? a_x : b_x; }
};

std::string step_text(const TraceStep& s) {
  std::string text = label(s.step);
  if (s.step.kind == StepKind::Drop && s.step.position > 0) text += " #" + std::to_string(s.step.position + 1);
  return text;
}

Layout layout_for(const std::vector<ChartTrace>& charts) {
  std::size_t label_chars = 10, state_chars = 11, title_chars = 20;
  for (const ChartTrace& c : charts) {
    title_chars = std::max(title_chars, c.title.size());
    for (std::size_t i = 0; i <= c.trace.steps.size(); ++i) {
      const SystemState& s = i == 0 ? c.trace.initial : c.trace.steps[i - 1].state;
      if (i > 0) label_chars = std::max(label_chars, step_text(c.trace.steps[i - 1]).size());
      for (Party p : {Party::A, Party::B}) state_chars = std::max(state_chars, describe_endpoint(s.at(p)).size());
    }
  }
  Layout l;
  l.a_x = kLabelX + text_width(label_chars) + 24 + text_width(state_chars) + 10;
  l.b_x = l.a_x + kGap;
  l.bracket_x = l.b_x + 10 + text_width(state_chars) + 16;
  l.width = std::max(l.bracket_x + kBracketText, 20 + static_cast<int>(title_chars) * 17 / 2);
  return l;
}

int row_y(std::size_t row) { return kFirstRow + static_cast<int>(row) * kRow; }
int chart_height(const Trace& t) { return row_y(t.steps.size()) + kRow + 28; }

// ---- drawing ------------------------------------------------------------------------------

// Text and attribute values, escaped once for HTML and XML alike (html_report.hpp).
std::string xml(std::string_view text) { return escape_html(std::string(text)); }

using Out = std::back_insert_iterator<std::string>;

void draw_heads(Out out, const Layout& l, const ChartTrace& c) {
  fmt::format_to(out, "<text class=\"heading\" x=\"10\" y=\"20\">{}</text>\n", xml(c.title));
  const int bottom = row_y(c.trace.steps.size()) + kRow / 2 + 4;
  for (Party p : {Party::A, Party::B}) {
    fmt::format_to(out, "<line class=\"lifeline\" x1=\"{0}\" y1=\"54\" x2=\"{0}\" y2=\"{1}\"/>\n", l.x(p), bottom);
    fmt::format_to(out, "<rect class=\"head\" x=\"{}\" y=\"32\" width=\"44\" height=\"22\"/>\n", l.x(p) - 22);
    fmt::format_to(out, "<text class=\"party\" x=\"{}\" y=\"48\">{}</text>\n", l.x(p), name(p));
  }
}

// Written beside its lifeline, outside the space the arrows cross, with a dot on the line.
void draw_state(Out out, const Layout& l, Party p, std::size_t row, const EndpointLocal& e) {
  const bool a = p == Party::A;
  const int y = row_y(row);
  fmt::format_to(out, "<circle class=\"state-dot\" cx=\"{}\" cy=\"{}\" r=\"3\"/>\n", l.x(p), y);
  fmt::format_to(out, "<text class=\"state\" x=\"{}\" y=\"{}\" text-anchor=\"{}\">{}</text>\n",
                 a ? l.a_x - 10 : l.b_x + 10, y + 4, a ? "end" : "start", xml(describe_endpoint(e)));
}

void draw_rows(Out out, const Layout& l, const Trace& t) {
  for (Party p : {Party::A, Party::B}) draw_state(out, l, p, 0, t.initial.at(p));
  for (std::size_t i = 0; i < t.steps.size(); ++i) {
    const TraceStep& s = t.steps[i];
    const int y = row_y(i + 1) + 4;
    const char* red = s.unexpected ? " style=\"fill:#c00000\"" : "";
    fmt::format_to(out, "<g class=\"step-label\"><text x=\"{}\" y=\"{}\" text-anchor=\"end\"{}>{}</text>"
                   "<text x=\"{}\" y=\"{}\"{}>{}</text></g>\n",
                   kNumberX, y, red, i + 1, kLabelX, y, red, xml(step_text(s)));
    for (Party p : {Party::A, Party::B})
      if (s.state.at(p) != t.state_before(i).at(p)) draw_state(out, l, p, i + 1, s.state.at(p));
    if (s.step.kind == StepKind::Dup)
      fmt::format_to(out, "<text class=\"dup-mark\" x=\"{}\" y=\"{}\">+ {} copied</text>\n",
                     (l.a_x + l.b_x) / 2, y, name(s.step.letter));
  }
}

struct Point {
  int x = 0, y = 0;
};

// Where an arrow stops; `in_flight` counts the later arrows of its sender still in flight,
// which fan out so that they do not meet.
Point arrow_end(const Layout& l, const ChartArrow& a, std::size_t last_row, int in_flight) {
  const int from = l.x(a.from), to = l.x(other(a.from));
  const int dir = to > from ? 1 : -1;
  switch (a.end) {
    case ArrowEnd::Delivered: return {to, row_y(a.end_row)};
    case ArrowEnd::Dropped: return {(from + to) / 2, row_y(a.end_row)};
    case ArrowEnd::FullChannel: return {from + dir * 56, row_y(a.from_row)};
    case ArrowEnd::InFlight: break;
  }
  return {from + dir * std::min(kGap - 20, kGap * 2 / 5 + 28 * in_flight), row_y(last_row) + kRow};
}

const char* arrow_class(const ChartArrow& a) { return a.copy ? "msg-copy" : "msg"; }

std::string arrow_title(const ChartArrow& a) {
  const std::string what = fmt::format("{} {} sent {}", channel_name(a.from), name(a.letter),
                                       a.from_row == 0 ? "before the run" : fmt::format("at step {}", a.from_row));
  switch (a.end) {
    case ArrowEnd::Delivered: return fmt::format("{}, delivered at step {}{}", what, a.end_row, a.unexpected ? " (unexpected)" : "");
    case ArrowEnd::Dropped: return fmt::format("{}, dropped at step {}", what, a.end_row);
    case ArrowEnd::FullChannel: return what + ", lost: its channel was full";
    case ArrowEnd::InFlight: return what + ", still in flight when the run ends";
  }
  return what;
}

void draw_cross(Out out, Point p, const char* cls) {
  fmt::format_to(out, "<path class=\"{}\" d=\"M{},{} l10,10 m0,-10 l-10,10\"/>\n", cls, p.x - 5, p.y - 5);
}

void draw_arrow(Out out, const Layout& l, const ChartArrow& a, std::size_t last_row, int in_flight) {
  const Point s{l.x(a.from), row_y(a.from_row)};
  const Point e = arrow_end(l, a, last_row, in_flight);
  const bool head = a.end == ArrowEnd::Delivered || a.end == ArrowEnd::InFlight;
  fmt::format_to(out, "<g class=\"{}\"><title>{}</title>\n", arrow_class(a), xml(arrow_title(a)));
  fmt::format_to(out, "<line class=\"{}{}\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"{}/>\n",
                 a.unexpected ? "unexpected" : a.end == ArrowEnd::InFlight ? "in-flight" : "segment",
                 a.copy ? " copy" : "", s.x, s.y, e.x, e.y,
                 !head ? "" : a.unexpected ? " marker-end=\"url(#head-red)\"" : " marker-end=\"url(#head)\"");
  // The letter sits a fifth of the way along (a copy's further on, a short arrow's midway),
  // above the line.
  const int at = a.copy ? 3 : a.end == ArrowEnd::FullChannel ? 2 : 1;
  const int tx = s.x + (e.x - s.x) * at / 5, ty = s.y + (e.y - s.y) * at / 5 - 5;
  fmt::format_to(out, "<text class=\"letter\" x=\"{}\" y=\"{}\">{}</text>\n", tx, ty, name(a.letter));
  if (a.end == ArrowEnd::Dropped) draw_cross(out, e, "drop");
  if (a.end == ArrowEnd::FullChannel) {
    draw_cross(out, e, "full-loss");
    fmt::format_to(out, "<text class=\"note\" x=\"{}\" y=\"{}\">channel full</text>\n", e.x, e.y + 16);
  }
  if (a.unexpected)
    fmt::format_to(out, "<text class=\"unexpected\" x=\"{}\" y=\"{}\">unexpected</text>\n",
                   (s.x + e.x * 3) / 4, e.y + 16);
  fmt::format_to(out, "</g>\n");
}

// Segments still in flight fan out at the bottom, the earliest sent furthest, so that they
// do not cross.
void draw_arrows(Out out, const Layout& l, const Trace& t, ChannelKind kind) {
  const std::vector<ChartArrow> arrows = pair_segments(t, kind);
  std::array<int, 2> later{};
  for (const ChartArrow& a : arrows) later[static_cast<int>(a.from)] += a.end == ArrowEnd::InFlight ? 1 : 0;
  for (const ChartArrow& a : arrows) {
    int& n = later[static_cast<int>(a.from)];
    if (a.end == ArrowEnd::InFlight) --n;
    draw_arrow(out, l, a, t.steps.size(), n);
  }
}

void draw_cycle(Out out, const Layout& l, const Trace& t) {
  if (!t.cycle_start || *t.cycle_start >= t.steps.size()) return;
  const int top = row_y(*t.cycle_start + 1) - kRow / 2 + 4, bottom = row_y(t.steps.size()) + kRow / 2 - 4;
  const int x = l.bracket_x;
  fmt::format_to(out, "<g class=\"cycle\"><title>steps {}..{} repeat forever</title>\n", *t.cycle_start + 1,
                 t.steps.size());
  fmt::format_to(out, "<path d=\"M{},{} h8 V{} h-8\"/>\n", x - 8, top, bottom);
  fmt::format_to(out, "<text x=\"{}\" y=\"{}\">repeats forever</text>\n</g>\n", x + 8, (top + bottom) / 2 + 4);
}

void draw_chart(Out out, const Layout& l, const ChartTrace& c, ChannelKind kind, int top) {
  fmt::format_to(out, "<g class=\"chart\" transform=\"translate(0,{})\">\n", top);
  draw_heads(out, l, c);
  draw_rows(out, l, c.trace);
  draw_arrows(out, l, c.trace, kind);
  draw_cycle(out, l, c.trace);
  fmt::format_to(out, "</g>\n");
}

constexpr const char* kStyle =
    "<style>\n"
    "text{fill:#111}\n"
    ".heading{font-size:14px;font-weight:bold}\n"
    ".party{font-weight:bold;text-anchor:middle}\n"
    ".head{fill:#eef2f8;stroke:#444}\n"
    ".lifeline{stroke:#444;stroke-width:1.5}\n"
    ".state-dot{fill:#444}\n"
    ".state{fill:#0b5d1e}\n"
    ".segment,.in-flight,.unexpected{stroke-width:1.5}\n"
    ".segment{stroke:#1f4e99}\n"
    ".in-flight{stroke:#1f4e99;stroke-dasharray:6 4}\n"
    "line.unexpected{stroke:#c00000}\n"
    "text.unexpected{fill:#c00000;font-size:11px}\n"
    ".copy{stroke-dasharray:2 3}\n"
    ".letter,.note,.dup-mark{paint-order:stroke;stroke:#ffffff;stroke-width:3px}\n"
    ".letter{fill:#1f4e99;text-anchor:middle;font-weight:bold}\n"
    ".drop,.full-loss{stroke:#c00000;stroke-width:2;fill:none}\n"
    ".note,.dup-mark{fill:#666;font-size:11px;text-anchor:middle}\n"
    ".cycle path{stroke:#7a3e9d;stroke-width:2;fill:none}\n"
    ".cycle text{fill:#7a3e9d}\n"
    "</style>\n";

constexpr const char* kMarkers =
    "<defs>\n"
    "<marker id=\"head\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"6\" markerHeight=\"6\" "
    "orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#1f4e99\"/></marker>\n"
    "<marker id=\"head-red\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"6\" markerHeight=\"6\" "
    "orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#c00000\"/></marker>\n"
    "</defs>\n";

void open_document(Out out, int width, int height) {
  fmt::format_to(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" "
                      "viewBox=\"0 0 {0} {1}\" font-family=\"monospace\" font-size=\"12\">\n"
                      "<title>finwait message sequence charts</title>\n{2}{3}"
                      "<rect width=\"{0}\" height=\"{1}\" fill=\"#ffffff\"/>\n",
                 width, height, kStyle, kMarkers);
}

}  // namespace

std::vector<ChartArrow> pair_segments(const Trace& trace, ChannelKind kind) {
  std::vector<ChartArrow> arrows;
  std::array<InFlight, 2> channels;
  seed_initial(trace.initial, kind, arrows, channels);
  for (std::size_t i = 0; i < trace.steps.size(); ++i) {
    const TraceStep& ts = trace.steps[i];
    if (ts.step.is_network())
      network_step(ts, i + 1, kind, arrows, channels[static_cast<int>(ts.step.actor)]);
    if (!ts.sent) continue;
    // A delivery's answer comes from the receiver; any other step's send from its actor.
    const Party sender = ts.step.is_network() ? other(ts.step.actor) : ts.step.actor;
    ChartArrow a{sender, *ts.sent, i + 1, ArrowEnd::InFlight, 0, false, false};
    if (ts.lost_to_full_channel) {
      a.end = ArrowEnd::FullChannel;
      a.end_row = i + 1;
    } else {
      channels[static_cast<int>(sender)].push_back(arrows.size());
    }
    arrows.push_back(a);
  }
  return arrows;
}

std::string sequence_chart_svg(const std::vector<ChartTrace>& charts, ChannelKind kind) {
  std::string svg;
  Out out(svg);
  if (charts.empty()) {
    open_document(out, 320, 60);
    fmt::format_to(out, "<text class=\"heading\" x=\"10\" y=\"34\">no trace</text>\n</svg>\n");
    return svg;
  }
  const Layout l = layout_for(charts);
  int height = 0;
  for (const ChartTrace& c : charts) height += chart_height(c.trace);
  open_document(out, l.width, height);
  int top = 0;
  for (const ChartTrace& c : charts) {
    draw_chart(out, l, c, kind, top);
    top += chart_height(c.trace);
  }
  fmt::format_to(out, "</svg>\n");
  return svg;
}

}  // namespace finwait::pictures
