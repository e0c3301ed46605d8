// The whole system: both endpoints and both channels (MODEL.md's state tuple).
#pragma once

#include <array>
#include <string>

#include "finwait/model/channel.hpp"
#include "finwait/model/endpoint_local.hpp"

namespace finwait::model {

// endpoint[A], endpoint[B]; channel[X] is the channel X sends into (channel[A] is A->B).
struct SystemState {
  std::array<EndpointLocal, 2> endpoint{};
  std::array<Channel, 2> channel{};

  const EndpointLocal& at(Party p) const { return endpoint[static_cast<int>(p)]; }
  EndpointLocal& at(Party p) { return endpoint[static_cast<int>(p)]; }
  const Channel& from(Party sender) const { return channel[static_cast<int>(sender)]; }
  Channel& from(Party sender) { return channel[static_cast<int>(sender)]; }
  bool channels_empty() const { return channel[0].empty() && channel[1].empty(); }
  bool operator==(const SystemState&) const = default;
};

// MODEL.md "Parties": both ESTABLISHED (the chart's initial state), both channels empty.
SystemState initial_state();

// "A->B" / "B->A"
std::string channel_name(Party sender);

// "[FIN ACK]" for a fifo (head first), "{FIN:1 ACK:2}" for a bag; "[]" / "{}" when empty.
std::string describe_channel(const Channel& ch, ChannelKind kind);

// "FIN_WAIT_1 retx=1", "CLOSED (reset)", "ESTABLISHED"
std::string describe_endpoint(const EndpointLocal& local);

}  // namespace finwait::model
