// The reflected table compiled, for one configuration, into a dense per-endpoint step function.
#pragma once

#include <cstdint>
#include <vector>

#include "finwait/model/config.hpp"
#include "finwait/model/endpoint_local.hpp"
#include "finwait/model/local_state_space.hpp"
#include "finwait/model/reflected_table.hpp"

namespace finwait::model {

// Runs the reflected rules with MSM's run-to-completion semantics: rows with the same source
// and event are tried from the last to the first, the first whose guard holds fires (actions,
// then entry of the target), then completion rows of the new state fire while their guard holds.
EndpointOutcome run_reflected(const ReflectedTable& table, const ModelConfig& config, Party self,
                              const EndpointLocal& local, Event event, bool channels_empty);

// run_reflected tabulated over every legal local state, so engines pay one lookup per step.
class EndpointSemantics {
 public:
  struct Entry {
    OutcomeKind kind = OutcomeKind::Disabled;
    std::uint16_t next = 0;  // LocalStateSpace index
    std::int8_t sent = -1;  // Segment, or -1 for none
  };

  explicit EndpointSemantics(const ModelConfig& config);

  const LocalStateSpace& locals() const { return m_locals; }
  const Entry& lookup(Party self, std::uint32_t local, Event event, bool channels_empty) const {
    return m_entries[((static_cast<std::size_t>(self) * m_locals.size() + local) * kEventCount +
                      static_cast<std::size_t>(event)) * 2 + (channels_empty ? 1 : 0)];
  }
  EndpointOutcome outcome(Party self, const EndpointLocal& local, Event event,
                          bool channels_empty) const;

 private:
  LocalStateSpace m_locals;
  std::vector<Entry> m_entries;
};

}  // namespace finwait::model
