#include "finwait/checker/budget.hpp"

#include <chrono>
#include <utility>

namespace finwait::checker {
namespace {
// Initialised when the library is loaded, before main(): the process's start, near enough.
const auto g_process_start = std::chrono::steady_clock::now();
}  // namespace

double process_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - g_process_start).count();
}

Budget::Budget(ExplorationLimits limits, ProgressFn progress)
    : m_limits(std::move(limits)), m_progress(std::move(progress)) {}

void Budget::begin_phase(std::string name) {
  m_phase = std::move(name);
  m_calls = 0;
}

void Budget::check(std::uint64_t done, bool read_memory) {
  const double now = process_seconds();
  if (m_limits.max_seconds && now >= *m_limits.max_seconds) throw LimitReached{"max_seconds"};
  const std::uint64_t rss = read_memory || m_progress ? current_rss_bytes() : 0;
  if (read_memory && m_limits.max_memory_bytes && rss >= *m_limits.max_memory_bytes)
    throw LimitReached{"max_memory"};
  if (m_progress && now >= m_next_progress) {
    m_next_progress = now + 1.0;
    ExplorationStats snapshot;
    snapshot.phase = m_phase;
    snapshot.states = done;
    snapshot.seconds = now;
    snapshot.peak_rss_bytes = rss;
    m_progress(snapshot);
  }
}

bool Budget::would_pass_memory(double bytes) const {
  return m_limits.max_memory_bytes &&
         static_cast<double>(current_rss_bytes()) + bytes >= static_cast<double>(*m_limits.max_memory_bytes);
}

}  // namespace finwait::checker
