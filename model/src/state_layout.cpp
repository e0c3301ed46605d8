// Field widths of the packed state for one configuration.
#include "finwait/model/state_layout.hpp"

#include <bit>

namespace finwait::model {
namespace {
unsigned bits_for(std::uint64_t distinct_values) {
  return distinct_values <= 1 ? 0 : static_cast<unsigned>(std::bit_width(distinct_values - 1));
}
}  // namespace

StateLayout::StateLayout(const ModelConfig& config, const LocalStateSpace& locals)
    : m_locals(&locals),
      m_kind(config.channel),
      m_capacity(config.capacity),
      m_local_bits(bits_for(locals.size())),
      m_count_bits(bits_for(config.capacity + 1)),
      m_channel_bits(config.channel == ChannelKind::Fifo ? 2 * config.capacity + 1
                                                         : kSegmentCount * m_count_bits) {}

}  // namespace finwait::model
