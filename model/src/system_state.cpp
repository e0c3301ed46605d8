// Construction and printing of system states.
#include "finwait/model/system_state.hpp"

#include "finwait/model/reflected_table.hpp"

namespace finwait::model {

SystemState initial_state() {
  SystemState s;
  const TcpState initial = reflected_table().initial;
  s.endpoint[0].st = initial;
  s.endpoint[1].st = initial;
  return s;
}

std::string channel_name(Party sender) { return sender == Party::A ? "A->B" : "B->A"; }

std::string describe_channel(const Channel& ch, ChannelKind kind) {
  std::string out;
  // One bracket per segment, head first: "[FIN][ACK]" is two segments, never one segment's
  // flags as Wireshark's "[FIN, ACK]" reads.
  if (kind == ChannelKind::Fifo) {
    if (ch.size == 0) return "[]";
    for (unsigned i = 0; i < ch.size; ++i) out.append("[").append(name(ch.seq[i])).append("]");
    return out;
  }
  out = "{";
  bool first = true;
  for (int s = 0; s < kSegmentCount; ++s) {
    if (ch.count[s] == 0) continue;
    if (!first) out += ' ';
    first = false;
    out += std::string(name(static_cast<Segment>(s))) + ":" + std::to_string(ch.count[s]);
  }
  return out + "}";
}

std::string describe_endpoint(const EndpointLocal& l) {
  std::string out(name(l.st));
  if (l.st == TcpState::Closed) return out + " (" + std::string(name(l.why)) + ")";
  if (l.retx > 0) out += " retx=" + std::to_string(l.retx);
  return out;
}

}  // namespace finwait::model
