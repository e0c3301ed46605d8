// A conformance witness as `finwait conform --witness` prints it and `--trace-out` writes it.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>

#include "finwait/conform/conformance.hpp"
#include "finwait/model/config.hpp"

namespace finwait::cli {

// Packet by packet with both endpoints' states, then the model run as a step table.
void print_witness(std::ostream& out, const conform::ConnectionWitness& w, model::ChannelKind kind);

// A trace file for `finwait replay`: kind "witness", with the captured letters.
nlohmann::json witness_trace_json(const model::ModelConfig& config,
                                  const conform::ConnectionWitness& w);

}  // namespace finwait::cli
