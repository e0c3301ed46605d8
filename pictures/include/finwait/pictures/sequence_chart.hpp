// Message sequence charts of traces as standalone SVG documents.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "finwait/model/config.hpp"
#include "finwait/model/trace.hpp"

namespace finwait::pictures {

// One chart: a heading and the run it draws (a lasso when trace.cycle_start is set).
struct ChartTrace {
  std::string title;
  model::Trace trace;
};

// How a segment on the chart ends (MODEL.md "Channels").
enum class ArrowEnd {
  Delivered,    // lands on the receiver's lifeline at the delivery's row
  Dropped,      // lost by the network: ends in a cross midway, at the drop's row
  FullChannel,  // never entered its channel: a short arrow ending in a cross at the sender
  InFlight,     // still in the channel when the run ends: runs off the bottom
};

// A segment from its send to its end. Row 0 is the initial state (a segment already in a
// channel there), row i the state after step i. A duplicate is a copy of a send: it starts
// at that send's row.
struct ChartArrow {
  model::Party from = model::Party::A;
  model::Segment letter = model::Segment::Fin;
  std::size_t from_row = 0;
  ArrowEnd end = ArrowEnd::InFlight;
  std::size_t end_row = 0;
  bool copy = false;        // made by a dup step, not by an endpoint
  bool unexpected = false;  // delivered to an endpoint with no row for it
};

// Pairs each send with the step that ends it: a fifo delivers its head and drops the
// position the step names; a bag delivers and drops by letter, the earliest sent first. A
// dup copies the earliest segment of its letter. Steps that do not fit the channel (a trace
// that does not replay) leave the channel as it is.
std::vector<ChartArrow> pair_segments(const model::Trace& trace, model::ChannelKind kind);

// The charts, one below the other, as one SVG document: no scripts, fonts or external
// references, and the same bytes for the same input. No charts: a document that says so.
// Arrow elements carry class "msg" (a send) or "msg-copy" (a duplicate), crosses "drop" or
// "full-loss", lifelines "lifeline", step labels "step-label", a lasso's bracket "cycle";
// unexpected receptions are red and carry class "unexpected".
std::string sequence_chart_svg(const std::vector<ChartTrace>& charts, model::ChannelKind kind);

}  // namespace finwait::pictures
