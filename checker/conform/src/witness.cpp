// Breadth-first search over (model state, letters explained so far).
#include "finwait/conform/witness.hpp"

#include <deque>
#include <string>
#include <unordered_set>

#include "finwait/conform/state_sets.hpp"

namespace finwait::conform {

using model::SystemState;
using model::Transition;

namespace {

struct Node {
  SystemState state;
  std::size_t explained = 0;  // letters matched so far
  std::int64_t parent = -1;
  model::TraceStep step;      // the step into this node (none for the root)
};

// Same identity as MODEL.md's state tuple, plus the number of letters explained.
std::string key_of(const SystemState& s, std::size_t explained) {
  std::string key = state_key(s);
  key.append(reinterpret_cast<const char*>(&explained), sizeof explained);
  return key;
}

Witness unwind(const std::vector<Node>& nodes, std::size_t goal, const SystemState& initial) {
  std::vector<model::TraceStep> reversed;
  for (std::int64_t n = static_cast<std::int64_t>(goal); nodes[static_cast<std::size_t>(n)].parent >= 0;
       n = nodes[static_cast<std::size_t>(n)].parent)
    reversed.push_back(nodes[static_cast<std::size_t>(n)].step);
  Witness w;
  w.trace.initial = initial;
  w.trace.steps.assign(reversed.rbegin(), reversed.rend());
  for (std::size_t i = 0; i < w.trace.steps.size(); ++i) {
    model::Transition t{w.trace.steps[i].step, w.trace.steps[i].state, w.trace.steps[i].sent};
    if (observed_send(t)) w.step_of_letter.push_back(i);
  }
  return w;
}

}  // namespace

std::optional<Witness> find_witness(const model::SystemSemantics& sys,
                                    const std::vector<ObservedLetter>& letters) {
  std::vector<Node> nodes{Node{sys.initial(), 0, -1, {}}};
  std::unordered_set<std::string> seen{key_of(sys.initial(), 0)};
  std::deque<std::size_t> queue{0};
  while (!queue.empty()) {
    const std::size_t n = queue.front();
    queue.pop_front();
    if (nodes[n].explained == letters.size()) return unwind(nodes, n, sys.initial());
    const SystemState here = nodes[n].state;
    const std::size_t explained = nodes[n].explained;
    sys.for_each_successor(here, [&](const Transition& t) {
      std::size_t next_explained = explained;
      if (auto o = observed_send(t)) {
        if (!(*o == letters[explained].letter)) return;  // a send the capture did not see
        ++next_explained;
      }
      if (!seen.insert(key_of(t.next, next_explained)).second) return;
      nodes.push_back(Node{t.next, next_explained, static_cast<std::int64_t>(n),
                           model::TraceStep{t.step, t.next, t.sent, t.unexpected,
                                            t.lost_to_full_channel}});
      queue.push_back(nodes.size() - 1);
    });
  }
  return std::nullopt;
}

bool sends_spell(const model::Trace& trace, const std::vector<Observation>& letters) {
  std::size_t i = 0;
  for (const model::TraceStep& s : trace.steps) {
    const auto o = observed_send(model::Transition{s.step, s.state, s.sent});
    if (!o) continue;
    if (i == letters.size() || !(*o == letters[i])) return false;
    ++i;
  }
  return i == letters.size();
}

}  // namespace finwait::conform
