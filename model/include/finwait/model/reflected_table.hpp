// The endpoint statechart's Boost.MSM transition table as plain data: a compile-time walk over
// the row types fills it once, at first use.
//
// This is the only description of endpoint behaviour that engines see. Guards and actions are
// the very functions the MSM functors call, so the live machine and every engine built on this
// table cannot drift apart (tests/model/msm_agreement_test.cpp checks it cell by cell).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "finwait/model/config.hpp"
#include "finwait/model/vocabulary.hpp"

namespace finwait::model {

// What a guard may look at: the configuration, which endpoint it is, its own retransmission
// count, and whether the network has forgotten the connection (both channels empty).
struct GuardInputs {
  const ModelConfig* config = nullptr;
  Party self = Party::A;
  std::uint8_t retx = 0;
  bool channels_empty = false;
};

// What actions may write: the endpoint's variables and the one segment a step may send.
struct EndpointVariables {
  std::uint8_t retx = 0;
  Why why = Why::None;
  std::optional<Segment> sent;
};

using GuardFn = bool (*)(const GuardInputs&);
using ActionFn = void (*)(EndpointVariables&, const ModelConfig&);

struct ReflectedGuard {
  std::string_view name;
  GuardFn holds;
};

struct ReflectedAction {
  std::string_view name;
  ActionFn apply;
};

// One row: Start Event Next Action Guard. `event` is empty for a completion (anonymous)
// transition; `target` is empty for an internal transition (no exit, no entry).
struct ReflectedRule {
  int row = 0;  // position in the MSM table, 0-based
  TcpState source = TcpState::Closed;
  std::optional<Event> event;
  std::optional<TcpState> target;
  std::optional<ReflectedGuard> guard;
  std::vector<ReflectedAction> actions;
};

// Per-state facts carried by the MSM state types (their entry behaviour).
struct ReflectedState {
  TcpState state = TcpState::Closed;
  bool clears_retx_on_entry = false;
};

struct ReflectedTable {
  std::vector<ReflectedRule> rules;
  std::array<ReflectedState, kTcpStateCount> states{};  // indexed by TcpState
  TcpState initial = TcpState::Established;
};

const ReflectedTable& reflected_table();

}  // namespace finwait::model
