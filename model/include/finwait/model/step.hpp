// A step of the system (MODEL.md "Steps") and its printed label.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "finwait/model/vocabulary.hpp"

namespace finwait::model {

enum class StepKind : std::uint8_t {
  Close,
  Abort,
  Retransmit,
  GiveUp,
  Msl2Expired,
  Fw2Timeout,
  Deliver,
  Drop,
  Dup,
  Idle,  // stuttering: nothing happens (MODEL.md: a run may idle); only lassos contain it
};

// `actor` is the endpoint for application and timer steps, and the sending endpoint of the
// channel for network steps (Party::A means the channel A->B). `letter` is the segment a
// network step handles; `position` is the fifo index a drop removes (0 = head). MODEL.md's
// label leaves the position out; it is kept so that a step can be replayed exactly.
struct Step {
  StepKind kind = StepKind::Close;
  Party actor = Party::A;
  Segment letter = Segment::Fin;
  std::uint8_t position = 0;
  // A FIN delivered with delayed_ack = on whose receiver deferred its ACK (the
  // RecvFinDelayingAck row). It is still a `deliver` for fairness and step atoms.
  bool ack_delayed = false;

  bool is_network() const { return kind >= StepKind::Deliver && kind <= StepKind::Dup; }
  bool is_local() const { return kind < StepKind::Deliver; }
  bool operator==(const Step&) const = default;
};

// The event an application or timer step feeds its endpoint.
Event event_of(StepKind kind);
std::optional<StepKind> local_step_of(Event event);

// "A close", "B 2msl", "A->B deliver FIN", "B->A drop ACK", "A->B deliver FIN, ACK delayed"
std::string label(const Step& step);

// The words a label appends for a delivery whose receiver deferred its ACK.
inline constexpr const char* kAckDelayedSuffix = ", ACK delayed";

// The step kind's word in labels: "close", "deliver", "fw2-timeout", ...
std::string kind_word(StepKind kind);
// The timer steps (retransmit, giveup, 2msl, fw2-timeout): MODEL.md's fairness word "timers"
// means these, and only this function says so.
bool is_timer(StepKind kind);
std::optional<StepKind> parse_kind_word(const std::string& word);

}  // namespace finwait::model
