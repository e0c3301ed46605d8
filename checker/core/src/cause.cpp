// One sentence on what a counterexample shows, for reports and docs/verdicts.md.
#include "finwait/checker/cause.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "finwait/model/step.hpp"
#include "finwait/model/system_state.hpp"

namespace finwait::checker {
namespace {

using namespace finwait::model;

std::string both(const SystemState& s) {
  return fmt::format("A in {} and B in {}", describe_endpoint(s.at(Party::A)),
                     describe_endpoint(s.at(Party::B)));
}

}  // namespace

std::string describe_cause(const Trace& t) {
  const SystemState& end = t.final_state();
  if (t.cycle_start) {
    const bool stops = std::all_of(t.steps.begin() + static_cast<std::ptrdiff_t>(*t.cycle_start),
                                   t.steps.end(), [](const TraceStep& s) { return s.step.kind == StepKind::Idle; });
    if (!stops)
      return fmt::format("a cycle of {} steps repeats forever, through {}",
                         t.steps.size() - *t.cycle_start, both(t.state_before(*t.cycle_start)));
    for (Party p : {Party::A, Party::B}) {
      const EndpointLocal& me = end.at(p);
      const EndpointLocal& peer = end.at(other(p));
      if (me.st == TcpState::FinWait2 && peer.st == TcpState::Closed)
        return fmt::format("{} waits in FIN_WAIT_2 forever after its peer closed ({})", name(p), name(peer.why));
      if (me.st == TcpState::CloseWait)
        return fmt::format("{} stays in CLOSE_WAIT forever: its application never closes", name(p));
      if (me.st == TcpState::Established && peer.st == TcpState::Closed)
        return fmt::format("{} stays ESTABLISHED forever after its peer closed ({})", name(p), name(peer.why));
    }
    return "the run stops for good with " + both(end);
  }
  if (t.steps.empty()) return "the initial state already violates it";
  const TraceStep& last = t.steps.back();
  const Party who = last.step.actor;
  switch (last.step.kind) {
    case StepKind::GiveUp:
      return fmt::format("{} gives up on its FIN after {} retransmission{}", name(who),
                         t.state_before(t.steps.size() - 1).at(who).retx,
                         t.state_before(t.steps.size() - 1).at(who).retx == 1 ? "" : "s");
    case StepKind::Abort: return fmt::format("{}'s application aborts", name(who));
    case StepKind::Fw2Timeout: return fmt::format("{}'s FIN_WAIT_2 timer expires", name(who));
    case StepKind::Msl2Expired: return fmt::format("{} leaves TIME_WAIT; now {}", name(who), both(end));
    case StepKind::Deliver:
      if (last.step.letter == Segment::Rst)
        return fmt::format("{} is reset by a RST its peer sent from CLOSED", name(other(who)));
      break;
    default: break;
  }
  return fmt::format("after {}, {}", label(last.step), both(end));
}

}  // namespace finwait::checker
