// The legal values of one endpoint's (st, retx, why), numbered densely for tables and packing.
#pragma once

#include <cstdint>
#include <vector>

#include "finwait/model/config.hpp"
#include "finwait/model/endpoint_local.hpp"

namespace finwait::model {

// MODEL.md's invariants decide legality: retx > 0 only in FIN_WAIT_1, CLOSING, LAST_ACK and
// never above R; why != none exactly in CLOSED (CLOSED is only ever entered with a reason).
class LocalStateSpace {
 public:
  explicit LocalStateSpace(const ModelConfig& config);

  std::size_t size() const { return m_locals.size(); }
  const EndpointLocal& at(std::uint32_t index) const { return m_locals[index]; }
  std::uint32_t index_of(const EndpointLocal& local) const;  // asserts legality
  bool is_legal(const EndpointLocal& local) const;
  const std::vector<EndpointLocal>& all() const { return m_locals; }

 private:
  unsigned m_max_retx;
  std::vector<EndpointLocal> m_locals;
  std::vector<std::uint32_t> m_first_of_state;  // index of (st, retx 0 / why graceful)
};

bool tracks_retx(TcpState st);

}  // namespace finwait::model
