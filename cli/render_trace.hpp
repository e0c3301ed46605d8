// Human-readable traces: a numbered step table and an ASCII message sequence chart.
#pragma once

#include <ostream>

#include "finwait/model/config.hpp"
#include "finwait/model/trace.hpp"

namespace finwait::cli {

// One row per step: number, label, A, B, A->B, B->A (the state after the step; row 0 is the
// initial state). Unexpected receptions and sends lost to a full channel are flagged.
void print_trace_table(std::ostream& out, const model::Trace& trace, model::ChannelKind kind);

// A and B as columns, segments as arrows: a send leaves its sender ("FIN ------>" under A),
// a delivery arrives at its receiver ("------> FIN" under B); drops and duplicates are marked.
void print_msc(std::ostream& out, const model::Trace& trace);

}  // namespace finwait::cli
