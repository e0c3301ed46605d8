// Dense numbering of legal endpoint-local states.
#include "finwait/model/local_state_space.hpp"

#include <cassert>

namespace finwait::model {

bool tracks_retx(TcpState st) {
  return st == TcpState::FinWait1 || st == TcpState::Closing || st == TcpState::LastAck;
}

LocalStateSpace::LocalStateSpace(const ModelConfig& config)
    : m_max_retx(config.retries_infinite() ? 0u : config.retries), m_first_of_state(kTcpStateCount) {
  for (int s = 0; s < kTcpStateCount; ++s) {
    const auto st = static_cast<TcpState>(s);
    m_first_of_state[s] = static_cast<std::uint32_t>(m_locals.size());
    if (st == TcpState::Closed) {
      for (int w = 1; w < kWhyCount; ++w) m_locals.push_back({st, 0, static_cast<Why>(w)});
    } else if (tracks_retx(st)) {
      for (unsigned r = 0; r <= m_max_retx; ++r)
        m_locals.push_back({st, static_cast<std::uint8_t>(r), Why::None});
    } else {
      m_locals.push_back({st, 0, Why::None});
    }
  }
}

bool LocalStateSpace::is_legal(const EndpointLocal& l) const {
  if (l.st == TcpState::Closed) return l.retx == 0 && l.why != Why::None;
  if (l.why != Why::None) return false;
  return tracks_retx(l.st) ? l.retx <= m_max_retx : l.retx == 0;
}

std::uint32_t LocalStateSpace::index_of(const EndpointLocal& l) const {
  assert(is_legal(l));
  const std::uint32_t first = m_first_of_state[static_cast<int>(l.st)];
  if (l.st == TcpState::Closed) return first + static_cast<std::uint32_t>(l.why) - 1;
  return first + l.retx;
}

}  // namespace finwait::model
