// SystemSemantics construction and the non-template successor list.
#include "finwait/model/successors.hpp"

#include "finwait/model/input_error.hpp"

namespace finwait::model {

SystemSemantics::SystemSemantics(const ModelConfig& config)
    : m_config(config), m_endpoints(config), m_shape(config),
      m_network_rules(network_rules(config)) {
  config.validate(StateSpace::Explicit);
}

std::vector<Transition> SystemSemantics::successors(const SystemState& s) const {
  std::vector<Transition> out;
  for_each_successor(s, [&out](const Transition& t) { out.push_back(t); });
  return out;
}

}  // namespace finwait::model
