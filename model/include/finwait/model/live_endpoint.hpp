// A Boost-free facade over one live Boost.MSM endpoint machine (the statechart itself).
#pragma once

#include <memory>

#include "finwait/model/config.hpp"
#include "finwait/model/endpoint_local.hpp"

namespace finwait::model {

// Engines run on the reflected table; this facade exists so that tests (and anyone who
// doubts the reflection) can drive the real MSM machine and compare.
class LiveEndpoint {
 public:
  LiveEndpoint(const ModelConfig& config, Party self);
  ~LiveEndpoint();
  LiveEndpoint(const LiveEndpoint&) = delete;
  LiveEndpoint& operator=(const LiveEndpoint&) = delete;

  // Puts the machine into `local` without running any entry or exit behaviour.
  void restore(const EndpointLocal& local);
  EndpointLocal local() const;

  // Processes one event the way MODEL.md's step would: `channels_empty` feeds the 2MSL guard.
  EndpointOutcome process(Event event, bool channels_empty);

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace finwait::model
