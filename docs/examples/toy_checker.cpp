// toy_checker.cpp: finwait's explorer in miniature. BFS over packed states with parent
// links, the shortest proper-termination counterexample, and a replay before printing.
#include <cstdint>
#include <cstdio>
#include <map>
#include <optional>
#include <vector>

#include "finwait/model/state_layout.hpp"
#include "finwait/model/successors.hpp"
#include "finwait/model/trace.hpp"

using namespace finwait::model;
using Packed = PackedState<4>;  // 256 bits: enough for every configuration
constexpr std::uint32_t kNone = UINT32_MAX;

// What checker::StateStore keeps, with a std::map where the real one has a hash index.
struct Store {
  std::vector<Packed> states;              // id -> packed state, in BFS discovery order
  std::vector<std::uint32_t> parent;       // id -> the id it was first reached from
  std::map<Packed, std::uint32_t> index;   // packed state -> id

  bool insert(const Packed& p, std::uint32_t from) {
    auto [it, is_new] = index.try_emplace(p, static_cast<std::uint32_t>(states.size()));
    if (is_new) {
      states.push_back(p);
      parent.push_back(from);
    }
    return is_new;
  }
};

// proper-termination's good end: both CLOSED, both channels empty.
bool proper_end(const SystemState& s) {
  return s.at(Party::A).st == TcpState::Closed && s.at(Party::B).st == TcpState::Closed &&
         s.channels_empty();
}

// The parent chain gives the states; each step is re-derived by enumerating the parent's
// successors again and taking the first one that packs to the child.
Trace trace_to(const SystemSemantics& sys, const StateLayout& layout, const Store& store,
               std::uint32_t id) {
  std::vector<std::uint32_t> path;
  for (std::uint32_t at = id; at != kNone; at = store.parent[at]) path.push_back(at);
  Trace trace;
  trace.initial = layout.unpack<4>(store.states[path.back()]);
  for (std::size_t i = path.size() - 1; i > 0; --i) {
    const SystemState from = layout.unpack<4>(store.states[path[i]]);
    bool found = false;
    sys.for_each_successor(from, [&](const Transition& t) {
      if (found || layout.pack<4>(t.next) != store.states[path[i - 1]]) return;
      found = true;
      trace.steps.push_back({t.step, t.next, t.sent, t.unexpected, t.lost_to_full_channel});
    });
  }
  return trace;
}

int main() {
  const ModelConfig config;                // MODEL.md defaults
  const SystemSemantics sys(config);       // reflected MSM table -> lookup table -> steps
  const StateLayout layout(config, sys.endpoints().locals());

  Store store;
  store.insert(layout.pack<4>(sys.initial()), kNone);
  std::uint64_t transitions = 0, deadlocks = 0, depth = 0, max_depth = 0;
  std::size_t layer_end = 1;               // the states of BFS layer `depth` end here
  std::optional<std::uint32_t> bad;        // first (= shallowest) improper deadlock

  // The open list is implicit: states[head..] are discovered but not yet expanded.
  for (std::size_t head = 0; head < store.states.size(); ++head) {
    if (head == layer_end) {
      ++depth;
      layer_end = store.states.size();
    }
    const SystemState s = layout.unpack<4>(store.states[head]);
    bool any = false;
    sys.for_each_successor(s, [&](const Transition& t) {
      any = true;
      ++transitions;                       // a distinct (state, label, successor) triple
      if (store.insert(layout.pack<4>(t.next), static_cast<std::uint32_t>(head)))
        max_depth = depth + 1;
    });
    if (!any) {
      ++deadlocks;
      if (!bad && !proper_end(s)) bad = static_cast<std::uint32_t>(head);
    }
  }
  std::printf("%zu states, %llu transitions, depth %llu, %llu deadlocks\n",
              store.states.size(), static_cast<unsigned long long>(transitions),
              static_cast<unsigned long long>(max_depth),
              static_cast<unsigned long long>(deadlocks));
  if (!bad) return 0;

  const Trace trace = trace_to(sys, layout, store, *bad);
  if (auto failure = replay(sys, trace)) {  // never print a trace that does not replay
    std::printf("internal error: %s\n", failure->message.c_str());
    return 2;
  }
  std::printf("proper-termination violated (%zu steps):\n", trace.steps.size());
  for (std::size_t i = 0; i < trace.steps.size(); ++i)
    std::printf("%3zu  %-20s A %s, B %s\n", i + 1, label(trace.steps[i].step).c_str(),
                describe_endpoint(trace.steps[i].state.at(Party::A)).c_str(),
                describe_endpoint(trace.steps[i].state.at(Party::B)).c_str());
  return 1;
}
