// The model's configuration parameters, exactly as MODEL.md "Configuration and defaults" names them.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace finwait::model {

enum class Closers { A, Both };
enum class ChannelKind { Fifo, Bag };
enum class TimeWaitMode { Drain, Any, None };
enum class Variant { Rfc793, Rfc1337 };

// Retry counts above this are rejected: retx is stored in a byte and a larger bound
// only adds states without new behaviour.
inline constexpr unsigned kMaxRetries = 100;

// "inf", the one spelling of "no bound" for every parameter that takes it: capacity (channels
// without a bound; only the Z3 encoding of bag channels represents it, as per-letter counts)
// and retries (retransmit for ever; retx is not tracked). Read and printed as "inf".
inline constexpr unsigned kUnbounded = 0xFFFFFFFFu;

// Who will read a configuration: the explicit engines (check, simulate, conform, replay)
// enumerate states and need a finite capacity; the Z3 encoding takes inf with bag channels.
enum class StateSpace { Explicit, Symbolic };

struct ModelConfig {
  Closers closers = Closers::Both;
  bool abort = false;
  ChannelKind channel = ChannelKind::Fifo;
  unsigned capacity = 2;
  bool loss = true;
  bool dup = false;
  unsigned retries = 2;  // kUnbounded: R = inf, retx not tracked
  TimeWaitMode time_wait = TimeWaitMode::Drain;
  Variant variant = Variant::Rfc793;
  bool fin_wait_2_timeout = false;
  bool delayed_ack = false;  // TRACES.md extension: ACK of a FIN may ride on our own FIN

  bool retries_infinite() const { return retries == kUnbounded; }
  bool capacity_infinite() const { return capacity == kUnbounded; }
  // The one check of what the parameters allow together and what `reader` can represent
  // (each value alone is checked by set_parameter). Throws InputError naming the parameter
  // ("capacity"); the CLI turns that into its flag.
  void validate(StateSpace reader) const;
  // Spelled out (not defaulted): this header is also compiled as C++17, see live_endpoint.cpp.
  bool operator==(const ModelConfig& o) const {
    return closers == o.closers && abort == o.abort && channel == o.channel &&
           capacity == o.capacity && loss == o.loss && dup == o.dup && retries == o.retries &&
           time_wait == o.time_wait && variant == o.variant &&
           fin_wait_2_timeout == o.fin_wait_2_timeout && delayed_ack == o.delayed_ack;
  }
};

// The parameter names in MODEL.md's spelling, in table order.
const std::vector<std::string>& parameter_names();

// Sets one parameter from its textual value; throws InputError naming `where`.
void set_parameter(ModelConfig& config, std::string_view name, std::string_view value,
                   const std::string& where);

// A profile (TRACES.md "Model options for traces") as parameter settings, applied before
// explicit flags so that those override it. Null for an unknown name; the list is static.
using ParameterSettings = std::vector<std::pair<std::string, std::string>>;
const ParameterSettings* profile_settings(std::string_view profile);
const std::vector<std::string>& profile_names();  // "rfc793", "linux"

// parameter name -> textual value, in MODEL.md's spelling (round-trips through set_parameter).
std::map<std::string, std::string> describe(const ModelConfig& config);

// The parameters that differ from MODEL.md's defaults, in table order, with their values
// ({"channel", "bag"}, {"capacity", "8"}).
ParameterSettings changed_parameters(const ModelConfig& config);

}  // namespace finwait::model
