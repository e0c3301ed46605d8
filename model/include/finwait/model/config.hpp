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

// capacity = inf: channels without a bound. Only the Z3 encoding of bag channels can
// represent it (a channel is then a vector of per-letter counts); the explicit engine refuses.
inline constexpr unsigned kInfiniteCapacity = 0xFFFFFFFFu;

struct ModelConfig {
  Closers closers = Closers::Both;
  bool abort = false;
  ChannelKind channel = ChannelKind::Fifo;
  unsigned capacity = 2;
  bool loss = true;
  bool dup = false;
  std::optional<unsigned> retries = 2;  // nullopt: R = inf, retx not tracked
  TimeWaitMode time_wait = TimeWaitMode::Drain;
  Variant variant = Variant::Rfc793;
  bool fin_wait_2_timeout = false;
  bool delayed_ack = false;  // TRACES.md extension: ACK of a FIN may ride on our own FIN

  bool retries_infinite() const { return !retries.has_value(); }
  bool capacity_infinite() const { return capacity == kInfiniteCapacity; }
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
