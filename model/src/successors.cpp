// SystemSemantics construction and the non-template successor list.
#include "finwait/model/successors.hpp"

#include "finwait/model/input_error.hpp"

namespace finwait::model {

SystemSemantics::SystemSemantics(const ModelConfig& config)
    : m_config(config), m_endpoints(config), m_shape(config) {
  if (config.capacity_infinite())
    throw InputError("capacity", "capacity inf has no explicit state space; use `finwait prove` "
                                 "(Z3, with bag channels), or a finite capacity");
  if (config.capacity > kMaxChannelCapacity)
    throw InputError("capacity", "capacity " + std::to_string(config.capacity) +
                                       " is above the explicit model's limit of " +
                                       std::to_string(kMaxChannelCapacity));
}

std::vector<Transition> SystemSemantics::successors(const SystemState& s) const {
  std::vector<Transition> out;
  for_each_successor(s, [&out](const Transition& t) { out.push_back(t); });
  return out;
}

}  // namespace finwait::model
