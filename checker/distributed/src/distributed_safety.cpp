// Verdicts from the distributed search: each rank's least hits, the least of them over the
// ranks, and their shortest paths found again by collective layer scans.
#include <algorithm>
#include <numeric>

#include "distributed_bfs.hpp"
#include "finwait/checker/distributed/mpi_world.hpp"
#include "finwait/model/input_error.hpp"

namespace finwait::checker::distributed {
namespace {

// A hit as every rank can compare it: (trace length, packed state, successor index + 1 for
// hits on steps, 0 for hits on states); `length` is kNone where a rank has no hit.
struct HitKey {
  static constexpr std::uint64_t kNone = UINT64_MAX;
  std::uint64_t length = kNone, packed = 0, step = 0;
  auto operator<=>(const HitKey&) const = default;
};

HitKey key_of(const DistributedBfs& bfs, const std::optional<FirstHit>& hit) {
  if (!hit) return {};
  const std::uint64_t depth = bfs.depth_of(hit->state);
  if (!hit->step) return {depth, bfs.packed_of(hit->state), 0};
  return {depth + 1, bfs.packed_of(hit->state), successor_index(hit->order) + 1};
}

// The k-th successor of `from`, as SystemSemantics describes it (PackedSuccessors lists
// successors in SystemSemantics's order).
model::Transition nth_transition(const model::SystemSemantics& sys, const model::SystemState& from, std::size_t k) {
  std::optional<model::Transition> found;
  std::size_t i = 0;
  sys.for_each_successor(from, [&](const model::Transition& t) {
    if (i++ == k) found = t;
  });
  if (!found) throw std::logic_error("internal error: a distributed hit names a missing successor");
  return *found;
}

SafetyReport run_distributed(const model::SystemSemantics& sys, const std::vector<properties::SafetyProperty>& props,
                             const std::vector<properties::ReachQuery>& queries, const ExplorationLimits& limits,
                             const ProgressFn& progress) {
  const model::StateLayout layout(sys.config(), sys.endpoints().locals());
  if (!DistributedBfs::fits(layout))
    throw InputError("mpirun", "a state of this model packs into " + std::to_string(layout.bits()) +
                                " bits; the distributed search serves states of at most " +
                                std::to_string(CompactStateSet::kMaxKeyBits) + " bits (run without mpirun)");
  if (limits.bitstate_bytes > 0)
    throw InputError("bitstate", "the distributed search stores every state; run --bitstate without mpirun");
  DistributedBfs bfs(sys, layout, limits, progress);
  SafetyObserver observer(sys.shape(), props, queries);
  const ExplorationStats stats = bfs.run(observer);

  // Every rank's least hit of every formula, then the least over the ranks.
  std::vector<const std::optional<FirstHit>*> local;
  for (const auto& h : observer.property_hits()) local.push_back(&h);
  for (const auto& h : observer.query_hits()) local.push_back(&h);
  std::vector<std::uint64_t> mine;
  for (const auto* hit : local) {
    const HitKey k = key_of(bfs, *hit);
    mine.insert(mine.end(), {k.length, k.packed, k.step});
  }
  const std::vector<std::uint64_t> all = bfs.ranks().gather(mine);
  std::vector<std::vector<std::uint64_t>> paths;
  std::vector<std::optional<FirstHit>> hits(local.size());
  for (std::size_t f = 0; f < local.size(); ++f) {
    HitKey best;
    for (std::size_t r = 0; r < static_cast<std::size_t>(bfs.ranks().size()); ++r) {
      const std::size_t at = (r * local.size() + f) * 3;
      best = std::min(best, HitKey{all[at], all[at + 1], all[at + 2]});
    }
    if (best.length == HitKey::kNone) continue;
    FirstHit hit;
    hit.state = static_cast<StateId>(paths.size());
    hit.states_seen = bfs.states_through(best.length);
    paths.push_back(bfs.path_to(best.packed, best.step == 0 ? best.length : best.length - 1));
    if (best.step > 0) hit.step = nth_transition(sys, layout.unpack<1>({best.packed}), best.step - 1);
    hits[f] = hit;
  }
  const auto split = static_cast<std::ptrdiff_t>(props.size());
  return report_first_hits(
      sys, {hits.begin(), hits.begin() + split}, {hits.begin() + split, hits.end()}, props, queries, stats,
      [&](StateId s) {
        const std::vector<std::uint64_t>& path = paths[s];
        std::vector<StateId> ids(path.size());
        std::iota(ids.begin(), ids.end(), StateId{0});
        return trace_along<1>(sys, layout, [&path](StateId i) { return model::PackedState<1>{path[i]}; }, ids);
      });
}

}  // namespace

SafetySearch distributed_safety_search(const MpiWorld& /*world: MPI is running*/) {
  return {"mpirun", "temporal properties need the whole state graph in one process; the distributed search "
                 "serves safety and reachability properties only (run temporal properties without mpirun)",
          run_distributed};
}

}  // namespace finwait::checker::distributed
