// The live Boost.MSM machine, the reflected table and its tabulation agree cell by cell.
#include <catch2/catch.hpp>

#include <algorithm>

#include <optional>
#include <string>
#include <vector>

#include "finwait/model/endpoint_semantics.hpp"
#include "finwait/model/live_endpoint.hpp"
#include "finwait/model/reflected_table.hpp"
#include "finwait/model/system_state.hpp"

using namespace finwait::model;

namespace {

std::string show(const EndpointOutcome& o) {
  const char* kinds[] = {"disabled", "fired", "unexpected"};
  return std::string(kinds[static_cast<int>(o.kind)]) + ", " + describe_endpoint(o.next) +
         ", sends " + (o.sent ? std::string(name(*o.sent)) : "nothing");
}

std::string show(const ModelConfig& c) {
  std::string flags;
  for (const auto& [name, value] : changed_parameters(c)) flags += (flags.empty() ? "" : " ") + name + "=" + value;
  return flags.empty() ? "(defaults)" : flags;
}

// Every combination of the parameters an endpoint's guards read; channel, capacity, loss and
// dup only shape the network. The product contains every single change from the default.
std::vector<ModelConfig> endpoint_configurations() {
  std::vector<ModelConfig> out;
  for (Closers closers : {Closers::A, Closers::Both})
    for (bool abort : {false, true})
      for (unsigned retries : {0u, 1u, 2u, kUnbounded})
        for (TimeWaitMode tw : {TimeWaitMode::Drain, TimeWaitMode::Any, TimeWaitMode::None})
          for (Variant variant : {Variant::Rfc793, Variant::Rfc1337})
            for (bool fw2 : {false, true})
              for (bool delayed_ack : {false, true}) {
              ModelConfig c;
              c.closers = closers;
              c.abort = abort;
              c.retries = retries;
              c.time_wait = tw;
              c.variant = variant;
              c.fin_wait_2_timeout = fw2;
              c.delayed_ack = delayed_ack;
              out.push_back(c);
            }
  return out;
}

}  // namespace

TEST_CASE("the grid holds the default and every single change from it", "[model]") {
  const std::vector<ModelConfig> grid = endpoint_configurations();
  CHECK(grid.size() == 2 * 2 * 4 * 3 * 2 * 2 * 2);
  int singles = 0, defaults = 0;
  for (const ModelConfig& c : grid) {
    const ModelConfig d;
    const int changed = (c.closers != d.closers) + (c.abort != d.abort) +
                        (c.retries != d.retries) + (c.time_wait != d.time_wait) +
                        (c.variant != d.variant) + (c.fin_wait_2_timeout != d.fin_wait_2_timeout) +
                        (c.delayed_ack != d.delayed_ack);
    defaults += changed == 0;
    singles += changed == 1;
  }
  CHECK(defaults == 1);
  // closers A, abort on, R in {0, 1, inf}, time_wait any/none, rfc1337, fw2-timeout on,
  // delayed-ack on.
  CHECK(singles == 1 + 1 + 3 + 2 + 1 + 1 + 1);
}

TEST_CASE("live MSM, tabulated semantics and run_reflected give identical outcomes", "[model]") {
  long compared = 0, mismatches = 0;
  long expected_comparisons = 0;
  for (const ModelConfig& config : endpoint_configurations()) {
    const EndpointSemantics semantics(config);
    const auto& locals = semantics.locals().all();
    // MODEL.md's legal local states: 4 plain + 3 retx states x (R+1) + CLOSED x 4 reasons.
    const std::size_t legal = 4 + 3 * ((config.retries_infinite() ? 0u : config.retries) + 1) + 4;
    CHECK(locals.size() == legal);
    expected_comparisons += 2L * static_cast<long>(legal) * kEventCount * 2;
    for (Party self : {Party::A, Party::B}) {
      LiveEndpoint live(config, self);
      for (const EndpointLocal& local : locals)
        for (int e = 0; e < kEventCount; ++e)
          for (bool empty : {false, true}) {
            const auto event = static_cast<Event>(e);
            live.restore(local);
            const bool restored = live.local() == local;
            const EndpointOutcome machine = live.process(event, empty);
            const EndpointOutcome tabulated = semantics.outcome(self, local, event, empty);
            const EndpointOutcome reflected =
                run_reflected(reflected_table(), config, self, local, event, empty);
            // Unexpected is a primary reception's answer only, and a primary reception is
            // never disabled; the delayed-ACK alternative is disabled where it has no row.
            const bool kind_ok =
                is_unexpected_when_unhandled(event)
                    ? tabulated.kind != OutcomeKind::Disabled
                    : tabulated.kind != OutcomeKind::Unexpected;
            ++compared;
            if (restored && kind_ok && machine == tabulated && tabulated == reflected) continue;
            if (++mismatches <= 20)
              FAIL_CHECK(show(config) << " " << name(self) << " in " << describe_endpoint(local)
                                      << ": " << name(event) << (empty ? " (channels empty)" : "")
                                      << "\n  live MSM:  " << show(machine) << (restored ? "" : " (restore failed)")
                                      << "\n  tabulated: " << show(tabulated)
                                      << "\n  reflected: " << show(reflected));
          }
    }
  }
  // 384 configurations, 96 per R; locals 11 (R=0), 14 (R=1), 17 (R=2), 11 (inf); x 2 x 11 x 2.
  CHECK(expected_comparisons == 96L * (11 + 14 + 17 + 11) * 44);
  CHECK(compared == expected_comparisons);
  CHECK(mismatches == 0);
}

TEST_CASE("the reflected table has the chart's shape", "[model]") {
  const ReflectedTable& table = reflected_table();
  REQUIRE_FALSE(table.rules.empty());
  CHECK(table.initial == TcpState::Established);  // MODEL.md "Parties"
  for (std::size_t i = 0; i < table.rules.size(); ++i) {
    const ReflectedRule& rule = table.rules[i];
    INFO("row " << i);
    if (rule.guard) {
      CHECK_FALSE(rule.guard->name.empty());
      CHECK(rule.guard->holds != nullptr);
    }
    for (const ReflectedAction& action : rule.actions) {
      CHECK_FALSE(action.name.empty());
      CHECK(action.apply != nullptr);
    }
  }
  // "retx is non-zero only in FIN_WAIT_1, CLOSING and LAST_ACK; every transition into any
  // other state sets it to 0": the other states clear it on entry.
  for (int s = 0; s < kTcpStateCount; ++s) {
    const auto st = static_cast<TcpState>(s);
    INFO(name(st));
    CHECK(table.states[s].clears_retx_on_entry == !tracks_retx(st));
    // Every state of MODEL.md is the source of some row: none is a dead end by omission.
    CHECK(std::any_of(table.rules.begin(), table.rules.end(),
                      [st](const ReflectedRule& r) { return r.source == st; }));
  }
}

TEST_CASE("rows with the same source and event never both fire", "[model]") {
  // MSM tries such rows bottom-up; the chart relies on guards that exclude each other, so
  // the order never decides anything. Checked for every configuration the guards read and
  // every value of what a guard may look at.
  const ReflectedTable& table = reflected_table();
  int overlapping_pairs = 0;
  for (std::size_t i = 0; i < table.rules.size(); ++i)
    for (std::size_t j = i + 1; j < table.rules.size(); ++j) {
      const ReflectedRule& a = table.rules[i];
      const ReflectedRule& b = table.rules[j];
      if (a.source != b.source || a.event != b.event) continue;
      ++overlapping_pairs;
      for (const ModelConfig& config : endpoint_configurations())
        for (Party self : {Party::A, Party::B})
          for (std::uint8_t retx = 0; retx <= 3; ++retx)
            for (bool empty : {false, true}) {
              const GuardInputs in{&config, self, retx, empty};
              const bool fires_a = !a.guard || a.guard->holds(in);
              const bool fires_b = !b.guard || b.guard->holds(in);
              INFO("rows " << i << " and " << j << ", " << show(config));
              CHECK_FALSE((fires_a && fires_b));
            }
    }
  CHECK(overlapping_pairs > 0);  // e.g. TIME_WAIT + RecvRst under rfc793 and rfc1337
}
