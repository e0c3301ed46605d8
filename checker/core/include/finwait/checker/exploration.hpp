// Limits, progress reports and statistics of an exploration.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace finwait::checker {

struct ExplorationLimits {
  std::optional<std::uint64_t> max_states;
  std::optional<std::uint64_t> max_memory_bytes;  // peak RSS of the process
  std::optional<double> max_seconds;
  // Threads for the exhaustive search, and for recording the state graph of temporal
  // properties (their product search then runs on one). Results do not depend on it.
  unsigned threads = 1;
  // Keep only the visited set and the BFS queue in memory; expanded states go to a temporary
  // file, read back only to rebuild traces. Safety and reachability searches only.
  bool compress = false;
  // --bitstate: a bit array of this many bytes instead of the visited set (0: off). Safety
  // and reachability only; verdicts become "no violation found" / "not reached".
  std::uint64_t bitstate_bytes = 0;
};

struct ExplorationStats {
  std::uint64_t states = 0;
  std::uint64_t transitions = 0;  // distinct (state, label, successor) triples of expanded states
  std::uint64_t depth = 0;        // BFS depth of the deepest state found
  std::uint64_t deadlocks = 0;    // expanded states without successors
  std::uint64_t full_channel_sends = 0;  // transitions whose send met a full channel
  std::uint64_t queue = 0;        // progress snapshots: states found but not yet expanded
  unsigned threads = 1;           // threads the search ran on (per rank)
  unsigned ranks = 1;             // MPI processes the search ran on (mpirun -np)
  std::uint64_t rounds = 0;       // with several ranks: rounds of exchange (3 collective calls each)
  std::uint64_t sent_states = 0;  // with several ranks: successors sent to another rank (8 bytes each)
  std::uint64_t spilled_bytes = 0;  // --compress: expanded states written to a temporary file
  std::uint64_t bitstate_bytes = 0;  // --bitstate: the bit array's size (0: exhaustive search)
  double bitstate_coverage = 1;      // --bitstate: expected share of the reachable states seen
  double seconds = 0;
  std::uint64_t peak_rss_bytes = 0;
  std::uint64_t store_bytes = 0;  // the visited-state store alone
  unsigned packed_bits = 0;       // bits of one packed state
  unsigned packed_bytes = 0;      // bytes of one stored packed state
  bool complete = true;           // false if a limit stopped the exploration
  std::string stopped_by;         // the limit: "max_states", "max_memory", "max_seconds"
  // Progress snapshots only: the phase after the exploration ("liveness of NAME"), whose
  // `states` then counts product nodes. Empty during the exploration.
  std::string phase;

  double states_per_second() const { return seconds > 0 ? states / seconds : 0; }
};

// Called about once a second during a long exploration; the CLI decides whether to print.
using ProgressFn = std::function<void(const ExplorationStats&)>;

// The process's peak and current resident set size (from /proc/self/status), 0 if unknown.
std::uint64_t peak_rss_bytes();
std::uint64_t current_rss_bytes();

}  // namespace finwait::checker
