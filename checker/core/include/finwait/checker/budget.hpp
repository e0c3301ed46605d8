// The process's time and memory limits, asked by every phase of a check (the exploration, then
// each temporal property's product search), so that a time or memory limit means the
// same whatever phase is running and what is reported is what the process used.
#pragma once

#include <cstdint>
#include <string>

#include "finwait/checker/exploration.hpp"

namespace finwait::checker {

// Seconds since the process started (since this library was loaded, in practice the same).
double process_seconds();

// Thrown by Budget::poll when a limit is passed; the phase that catches it reports its
// verdicts unknown and names the limit.
struct LimitReached {
  std::string limit;  // "max_seconds" or "max_memory"
};

class Budget {
 public:
  explicit Budget(ExplorationLimits limits = {}, ProgressFn progress = {});

  // Starts a phase: progress snapshots carry its name ("liveness of terminates").
  void begin_phase(std::string name);
  // Called once per unit of work (`done` so far). Cheap: it reads the clock every 4,096 calls
  // and the resident set every 65,536. Throws LimitReached.
  void poll(std::uint64_t done) {
    if ((++m_calls & 4095) == 0) check(done, (m_calls & 65535) == 0);
  }
  // Reads the clock and the resident set now; throws LimitReached.
  void check(std::uint64_t done, bool read_memory = true);
  // Would `bytes` more than the process holds now pass the memory limit?
  bool would_pass_memory(double bytes) const;
  const ExplorationLimits& limits() const { return m_limits; }

 private:
  ExplorationLimits m_limits;
  ProgressFn m_progress;
  std::string m_phase;
  std::uint64_t m_calls = 0;
  double m_next_progress = 1.0;
};

}  // namespace finwait::checker
