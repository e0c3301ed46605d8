// The network's steps as data (MODEL.md "Channels"): which segment each one acts on and what
// it does with it. The explicit step function and the Z3 encoding both read this one list,
// each with its own (concrete or symbolic) channel operations.
#pragma once

#include <cstdint>
#include <vector>

#include "finwait/model/channel.hpp"
#include "finwait/model/config.hpp"
#include "finwait/model/step.hpp"

namespace finwait::model {

// The segments a network step may act on, one successor each.
enum class Pick : std::uint8_t {
  Head,        // the first segment of a fifo
  EachSlot,    // every fifo position
  EachLetter,  // every letter present (a bag's counts; in a fifo, its first occurrence)
};

// Invariant (asserted by network_rules): a rule that takes a segment out names where it is
// (Head or EachSlot) in a fifo and its letter (EachLetter) in a bag; a rule that copies a
// segment names its letter (EachLetter); a delivery takes its segment and knows its letter
// (Head or EachLetter). These are the only forms the engines implement.
struct NetworkRule {
  StepKind kind = StepKind::Deliver;  // Deliver, Drop or Dup
  Pick pick = Pick::Head;
  bool takes = false;     // removes the picked segment from the channel
  bool copies = false;    // appends a copy; only with room, so a copy is never lost
  bool delivers = false;  // the receiver handles it as its reception event (MODEL.md "Steps")
};

// The rules of this configuration, in the step function's order: deliver, then drop (loss =
// on), then dup (dup = on).
std::vector<NetworkRule> network_rules(const ModelConfig& config);

// Calls f(letter, position) for each segment `pick` selects in `ch`: the segments a rule with
// that pick acts on, one successor each, in the step function's order.
template <class F>
void for_each_pick(const Channel& ch, Pick pick, ChannelKind kind, F&& f) {
  const bool fifo = kind == ChannelKind::Fifo;
  switch (pick) {
    case Pick::Head:
      f(ch.seq[0], 0u);
      return;
    case Pick::EachSlot:
      // Positions in one run of equal letters give the same successor, so one per run.
      for (unsigned i = 0; i < ch.size; ++i)
        if (i == 0 || ch.seq[i] != ch.seq[i - 1]) f(ch.seq[i], i);
      return;
    case Pick::EachLetter:
      for (int l = 0; l < kSegmentCount; ++l) {
        const auto letter = static_cast<Segment>(l);
        if (!fifo) {
          if (ch.count[l] > 0) f(letter, 0u);
          continue;
        }
        unsigned first = 0;
        while (first < ch.size && ch.seq[first] != letter) ++first;
        if (first < ch.size) f(letter, first);
      }
      return;
  }
}

}  // namespace finwait::model
