// The distributed breadth-first search: rounds of expand, exchange, insert (see the header).
#include "distributed_bfs.hpp"

#include <algorithm>
#include <new>
#include <stdexcept>

#include "finwait/checker/budget.hpp"
#include "finwait/model/input_error.hpp"

namespace finwait::checker::distributed {
namespace {

// A hash independent of CompactStateSet's scramble, whose top bits pick shards inside a
// rank: using the same bits for both would leave most of each rank's shards empty.
std::uint64_t mix(std::uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  return x ^ (x >> 33);
}

// A failure on one rank, as text every rank can rethrow: kind, where, message.
constexpr char kSeparator = '\x1f';

std::string describe(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const InputError& e) {
    return std::string("input") + kSeparator + e.where() + kSeparator + e.what();
  } catch (const std::bad_alloc&) {
    return std::string("memory") + kSeparator + kSeparator;
  } catch (const std::exception& e) {
    return std::string("other") + kSeparator + kSeparator + e.what();
  } catch (...) {
    return std::string("other") + kSeparator + kSeparator + "unknown exception";
  }
}

[[noreturn]] void rethrow_described(const std::string& text, int rank) {
  const std::size_t a = text.find(kSeparator), b = text.find(kSeparator, a + 1);
  const std::string kind = text.substr(0, a), where = text.substr(a + 1, b - a - 1),
                    message = text.substr(b + 1);
  if (kind == "input") throw InputError(where, message);
  if (kind == "memory") throw std::bad_alloc();
  throw std::runtime_error("rank " + std::to_string(rank) + ": " + message);
}

}  // namespace

DistributedBfs::DistributedBfs(const model::SystemSemantics& sys, const model::StateLayout& layout,
                               ExplorationLimits limits, ProgressFn progress)
    : m_sys(sys), m_layout(layout), m_successors(sys, layout), m_limits(limits),
      m_progress(std::move(progress)), m_set(StateKey(layout)), m_states(layout.bits()),
      m_outboxes(static_cast<std::size_t>(m_ranks.size())) {
  if (limits.compress) m_states.enable_spilling();
}

unsigned DistributedBfs::owner(std::uint64_t packed) const {
  return static_cast<unsigned>((static_cast<unsigned __int128>(mix(packed)) * static_cast<unsigned>(m_ranks.size())) >> 64);
}

std::uint64_t DistributedBfs::depth_of(StateId id) const {
  const std::size_t local = local_of(id);
  return static_cast<std::uint64_t>(std::upper_bound(m_layer_starts.begin(), m_layer_starts.end(), local) -
                                    m_layer_starts.begin()) - 1;
}

std::uint64_t DistributedBfs::states_through(std::uint64_t depth) const {
  std::uint64_t n = 0;
  for (std::size_t d = 0; d <= depth && d < m_layer_sizes.size(); ++d) n += m_layer_sizes[d];
  return n;
}

// A rank that fails (a full disk under --compress, say) must still take part in every
// collective call, or the others wait forever: its phases run guarded, the next round's
// counters tell every rank, and all of them throw the first failing rank's error.
template <class F>
void DistributedBfs::guarded(F&& phase) {
  if (m_failed) return;
  try {
    phase();
  } catch (...) {
    m_error = std::current_exception();
    m_failed = true;
  }
}

void DistributedBfs::rethrow_failure() {
  const int size = m_ranks.size();
  const auto root = static_cast<int>(m_ranks.min(m_failed ? static_cast<std::uint64_t>(m_ranks.rank())
                                                          : static_cast<std::uint64_t>(size)));
  const std::string text = m_ranks.broadcast(m_failed && m_ranks.rank() == root ? describe(m_error) : "", root);
  rethrow_described(text, root);
}

ExplorationStats DistributedBfs::run(SafetyObserver& observer) {
  m_start = std::chrono::steady_clock::now();
  m_stats.packed_bits = m_layout.bits();
  m_stats.packed_bytes = m_states.width();
  const std::uint64_t init = m_layout.pack<1>(m_sys.initial())[0];
  if (owner(init) == static_cast<unsigned>(m_ranks.rank())) {
    m_id_shift = 0;
    m_set.insert(m_set.scramble(init));
    m_next.push_back(init);
  }
  m_layer_sizes.push_back(1);
  guarded([&] { close_layer(observer); });
  std::vector<std::uint64_t> status(kStatusFields);
  for (;;) {
    status.assign(kStatusFields, 0);
    status[kToExpand] = m_layer_end - m_cursor;
    status[kNextLayer] = m_next.size();
    status[kFailed] = m_failed ? 1 : 0;
    status[kOverTime] = m_limits.max_seconds && process_seconds() >= *m_limits.max_seconds ? 1 : 0;
    const std::uint64_t rss = current_rss_bytes();
    status[kOverMemory] = m_limits.max_memory_bytes && rss >= *m_limits.max_memory_bytes ? 1 : 0;
    // A round adds at most a few hundred states per state expanded.
    status[kOverStore] = m_states.size() + m_next.size() + 256 * kRoundStates >= kMaxStates ? 1 : 0;
    status[kStored] = m_states.size();
    status[kTransitions] = m_transitions;
    status[kMemory] = rss;
    m_ranks.sum(status);
    if (status[kFailed] > 0) rethrow_failure();
    report_progress(status);
    if (status[kToExpand] == 0) {
      if (status[kNextLayer] == 0) break;  // the last layer had no new successors
      m_layer_sizes.push_back(status[kNextLayer]);
      guarded([&] { close_layer(observer); });
      continue;
    }
    if (limit_reached(status)) break;
    guarded([&] { expand_round(observer); });
    ++m_rounds;
    for (std::size_t r = 0; r < m_outboxes.size(); ++r)
      if (r != static_cast<std::size_t>(m_ranks.rank())) m_sent += m_outboxes[r].size();
    m_ranks.exchange(m_outboxes, m_inbox);
    guarded([&] { insert_received(); });
  }

  std::vector<std::uint64_t> totals{m_deadlocks, m_full_channel_sends, m_set.bytes() + m_states.bytes(),
                                    m_states.spilled_bytes(), peak_rss_bytes(), m_states.size() + m_next.size(),
                                    m_sent};
  m_ranks.sum(totals);
  m_stats.transitions = status[kTransitions];
  m_stats.deadlocks = totals[0];
  m_stats.full_channel_sends = totals[1];
  m_stats.store_bytes = totals[2];
  m_stats.spilled_bytes = totals[3];
  m_stats.peak_rss_bytes = totals[4];  // the job's: every rank's peak, added
  m_stats.states = totals[5];
  m_stats.sent_states = totals[6];
  m_stats.rounds = m_rounds;  // every rank takes part in every round
  m_stats.depth = m_layer_sizes.size() - 1;
  m_stats.threads = 1;
  m_stats.ranks = static_cast<unsigned>(m_ranks.size());
  m_stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
  return m_stats;
}

// The layer just found is complete on every rank: store it in canonical order and show it.
void DistributedBfs::close_layer(SafetyObserver& observer) {
  std::sort(m_next.begin(), m_next.end());
  const std::uint64_t depth = m_layer_starts.size();
  m_layer_starts.push_back(m_states.size());
  m_cursor = m_states.size();
  for (const std::uint64_t packed : m_next) {
    m_states.push_back(packed);
    report_new_state(observer, observer_id(m_states.size() - 1), depth,
                     [&] { return m_layout.unpack<1>({packed}); });
  }
  m_layer_end = m_states.size();
  m_next.clear();
}

void DistributedBfs::expand_round(SafetyObserver& observer) {
  for (auto& box : m_outboxes) box.clear();
  const std::size_t end = std::min(m_layer_end, m_cursor + kRoundStates);
  m_states.keep_window(m_cursor, end);  // with --compress, the rest is on disk
  for (std::size_t from = m_cursor; from < end; ++from) {
    const StateId id = observer_id(from);
    std::size_t k = 0;
    m_successors.for_each({m_states[from]}, [&](const model::Step& step, const model::PackedState<1>& next,
                                                std::int8_t sent, bool unexpected, bool lost) {
      m_outboxes[owner(next[0])].push_back(next[0]);
      ++m_transitions;
      if (lost) ++m_full_channel_sends;
      observer.on_transition(id, SuccessorView<1>(m_layout, step, next, sent, unexpected, lost,
                                                  transition_order(id, k++)),
                             kNoState);
    });
    if (k == 0) {
      ++m_deadlocks;
      observer.on_deadlock(id, m_layout.unpack<1>({m_states[from]}));
    }
  }
  m_cursor = end;
}

void DistributedBfs::insert_received() {
  m_set.insert_batch(
      m_inbox.size(), [this](std::size_t i) { return m_inbox[i]; },
      [this](std::size_t i) { m_next.push_back(m_inbox[i]); });
}

bool DistributedBfs::limit_reached(const std::vector<std::uint64_t>& status) {
  auto stop = [this](const char* why) {
    m_stats.complete = false;
    m_stats.stopped_by = why;
    return true;
  };
  if (m_limits.max_states && status[kStored] + status[kNextLayer] >= *m_limits.max_states)
    return stop("max_states");
  if (status[kOverStore] > 0) return stop("the explicit store's state limit");
  if (status[kOverTime] > 0) return stop("max_seconds");
  if (status[kOverMemory] > 0) return stop("max_memory");
  return false;
}

void DistributedBfs::report_progress(const std::vector<std::uint64_t>& status) {
  if (!m_progress || m_ranks.rank() != 0) return;
  const double now = std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
  if (now < m_next_progress) return;
  m_next_progress = now + 1.0;
  ExplorationStats s = m_stats;
  s.states = status[kStored] + status[kNextLayer];
  s.queue = status[kToExpand] + status[kNextLayer];
  s.transitions = status[kTransitions];
  s.depth = m_layer_sizes.size() - 1;
  s.seconds = now;
  s.peak_rss_bytes = status[kMemory];  // every rank's, added
  s.ranks = static_cast<unsigned>(m_ranks.size());
  m_progress(s);
}

std::vector<std::uint64_t> DistributedBfs::path_to(std::uint64_t target, std::uint64_t depth) const {
  std::vector<std::uint64_t> path{target};
  for (std::uint64_t d = depth; d > 0; --d) {
    const std::uint64_t want = path.back();
    std::uint64_t found = UINT64_MAX;
    const std::size_t end = m_layer_starts[d];
    // The layer is stored in increasing packed order: the first predecessor is the least.
    for (std::size_t id = m_layer_starts[d - 1]; id < end && found == UINT64_MAX; ++id)
      m_successors.for_each({m_states[id]}, [&](const model::Step&, const model::PackedState<1>& next,
                                                std::int8_t, bool, bool) {
        if (next[0] == want) found = m_states[id];
      });
    path.push_back(m_ranks.min(found));
  }
  std::reverse(path.begin(), path.end());
  return path;
}

}  // namespace finwait::checker::distributed
