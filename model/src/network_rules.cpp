// MODEL.md "Channels" as NetworkRules: the one description of what the network may do.
#include "finwait/model/network_rules.hpp"

#include <cassert>

namespace finwait::model {
namespace {

[[maybe_unused]] bool well_formed(const NetworkRule& r, ChannelKind kind) {
  const bool fifo = kind == ChannelKind::Fifo;
  const bool takes_ok = !r.takes || (fifo ? r.pick != Pick::EachLetter : r.pick == Pick::EachLetter);
  const bool copies_ok = !r.copies || r.pick == Pick::EachLetter;
  // A delivery fires the receiver's row for its letter, which a symbolic slot does not fix.
  const bool delivers_ok = !r.delivers || (r.takes && r.pick != Pick::EachSlot);
  return takes_ok && copies_ok && delivers_ok;
}

}  // namespace

std::vector<NetworkRule> network_rules(const ModelConfig& config) {
  const bool fifo = config.channel == ChannelKind::Fifo;
  std::vector<NetworkRule> rules;
  // A fifo delivers its head; a bag delivers any segment it holds.
  rules.push_back({StepKind::Deliver, fifo ? Pick::Head : Pick::EachLetter, true, false, true});
  // Loss removes any one segment: a fifo's at any position.
  if (config.loss) rules.push_back({StepKind::Drop, fifo ? Pick::EachSlot : Pick::EachLetter, true, false, false});
  // Duplication appends a copy of a segment present, if there is room.
  if (config.dup) rules.push_back({StepKind::Dup, Pick::EachLetter, false, true, false});
  for ([[maybe_unused]] const NetworkRule& r : rules) assert(well_formed(r, config.channel));
  return rules;
}

}  // namespace finwait::model
