// One endpoint's variables (MODEL.md "Endpoint state") and the outcome of feeding it one event.
#pragma once

#include <cstdint>
#include <optional>

#include "finwait/model/vocabulary.hpp"

namespace finwait::model {

struct EndpointLocal {
  TcpState st = TcpState::Established;
  std::uint8_t retx = 0;
  Why why = Why::None;
  // Spelled out (not defaulted): this header is also compiled as C++17, see live_endpoint.cpp.
  bool operator==(const EndpointLocal& o) const {
    return st == o.st && retx == o.retx && why == o.why;
  }
  bool operator!=(const EndpointLocal& o) const { return !(*this == o); }
};

// Disabled: the event cannot happen here (application and timer events only).
// Unexpected: a reception MODEL.md says cannot happen; the segment is consumed, nothing changes.
enum class OutcomeKind : std::uint8_t { Disabled, Fired, Unexpected };

struct EndpointOutcome {
  OutcomeKind kind = OutcomeKind::Disabled;
  EndpointLocal next;
  std::optional<Segment> sent;
  bool operator==(const EndpointOutcome& o) const {
    return kind == o.kind && next == o.next && sent == o.sent;
  }
};

}  // namespace finwait::model
