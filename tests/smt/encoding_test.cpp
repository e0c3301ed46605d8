// The Z3 transition relation against the explicit step function, state by state: from each
// sampled reachable state, all-SAT enumeration of Z3's successors must give exactly the
// explicit successors (step kind, actor and next state), in both number encodings.
#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <tuple>

#include "finwait/checker/symbolic/decode.hpp"
#include "finwait/checker/symbolic/transition_system.hpp"
#include "test_support.hpp"

using namespace finwait;
using checker::symbolic::Arithmetic;
using checker::symbolic::StateVars;
using checker::symbolic::TransitionSystem;

namespace {

std::string key(const model::SystemState& s) {
  std::string k;
  for (const auto& e : s.endpoint) k += {char(e.st), char(e.retx), char(e.why)};
  for (const auto& ch : s.channel) {
    k += char(ch.size);
    for (auto c : ch.count) k += char(c);
    for (unsigned i = 0; i < ch.size; ++i) k += char(ch.seq[i]);
    k += '|';
  }
  return k;
}

std::vector<model::SystemState> reachable(const model::SystemSemantics& sys) {
  std::vector<model::SystemState> states{sys.initial()};
  std::set<std::string> seen{key(sys.initial())};
  for (std::size_t i = 0; i < states.size(); ++i) {
    const model::SystemState here = states[i];  // push_back below may move states[i]
    sys.for_each_successor(here, [&](const model::Transition& t) {
      if (seen.insert(key(t.next)).second) states.push_back(t.next);
    });
  }
  return states;
}

using Move = std::tuple<int, int, bool, std::string>;  // step kind, actor, ACK delayed, next state

std::set<Move> explicit_moves(const model::SystemSemantics& sys, const model::SystemState& s) {
  std::set<Move> out;
  sys.for_each_successor(s, [&](const model::Transition& t) {
    out.insert({int(t.step.kind), int(t.step.actor), t.step.ack_delayed, key(t.next)});
  });
  return out;
}

std::set<Move> z3_moves(const TransitionSystem& ts, const model::SystemState& s, Arithmetic a) {
  z3::context ctx;
  const StateVars x(ctx, ts.layout(), "x", a, 8), y(ctx, ts.layout(), "y", a, 8);
  const z3::expr sel = checker::symbolic::number_const(ctx, "sel", a, ts.groups().size());
  z3::solver solver(ctx);
  solver.add(ts.state_is(x, s) && ts.transition(x, sel, y));
  std::set<Move> out;
  while (solver.check() == z3::sat) {
    const z3::model m = solver.get_model();
    const model::SystemState next = checker::symbolic::read_state(ts.layout(), m, y);
    const int chosen = m.eval(sel, true).get_numeral_int();
    const auto& c = ts.groups().at(static_cast<std::size_t>(chosen));
    out.insert({int(c.kind), int(c.actor), c.ack_delayed, key(next)});
    solver.add(!(sel == m.eval(sel, true) && ts.state_is(y, next)));
  }
  return out;
}

}  // namespace

TEST_CASE("Z3 successors equal the explicit successors on sampled reachable states", "[smt]") {
  const char* configs[] = {"",
                           "--channel bag --dup on --capacity 3",
                           "--abort on --retries 1 --variant rfc1337",
                           "--time-wait none --closers A --fin-wait-2-timeout on",
                           "--time-wait any --loss off --retries inf",
                           "--dup on --capacity 3",
                           "--capacity 1 --retries 0",
                           "--delayed-ack on",
                           "--profile linux --channel bag --capacity 3"};
  for (const char* flags : configs) {
    const auto config = testing::config_from_flags(flags);
    const model::SystemSemantics sys(config);
    const TransitionSystem ts(config);
    const auto states = reachable(sys);
    const std::size_t stride = std::max<std::size_t>(1, states.size() / 12);
    // Every sampled state, plus (with --delayed-ack on) states where a FIN reaches an
    // ESTABLISHED endpoint, which the stride could miss.
    auto fin_to_established = [&](const model::SystemState& s) {
      for (model::Party p : {model::Party::A, model::Party::B})
        if (s.at(model::other(p)).st == model::TcpState::Established &&
            model::occurrences(s.from(p), model::Segment::Fin, sys.shape()) > 0)
          return true;
      return false;
    };
    int extra = 0;
    for (std::size_t i = 0; i < states.size(); ++i) {
      const bool sampled = i % stride == 0;
      if (!sampled && !(config.delayed_ack && fin_to_established(states[i]) && extra++ < 24)) continue;
      INFO("config '" << flags << "', state " << model::describe_endpoint(states[i].at(model::Party::A))
                      << " / " << model::describe_endpoint(states[i].at(model::Party::B)));
      const auto want = explicit_moves(sys, states[i]);
      CHECK(z3_moves(ts, states[i], Arithmetic::Int) == want);
      CHECK(z3_moves(ts, states[i], Arithmetic::BitVector) == want);
    }
  }
}

TEST_CASE("Z3 deadlock is exactly 'no explicit successor'", "[smt]") {
  for (const char* flags : {"", "--channel bag --abort on", "--fin-wait-2-timeout on --closers A"}) {
    const auto config = testing::config_from_flags(flags);
    const model::SystemSemantics sys(config);
    const TransitionSystem ts(config);
    int deadlocks = 0;
    z3::context ctx;
    const StateVars x(ctx, ts.layout(), "x");
    z3::solver solver(ctx);
    solver.add(ts.deadlock(x));
    const auto states = reachable(sys);
    for (std::size_t i = 0; i < states.size(); ++i) {
      bool stuck = true;
      sys.for_each_successor(states[i], [&](const model::Transition&) { stuck = false; });
      if (!stuck && i % 25 != 0) continue;  // every deadlock, and a sample of the rest
      z3::expr_vector here(ctx);
      here.push_back(ts.state_is(x, states[i]));
      CHECK((solver.check(here) == z3::sat) == stuck);
      deadlocks += stuck;
    }
    CHECK(deadlocks > 0);
  }
}

TEST_CASE("capacity inf is for bags and for the Z3 engines only", "[smt]") {
  auto bag = testing::config_from_flags("--channel bag --capacity inf");
  CHECK(bag.capacity_infinite());
  CHECK_NOTHROW(TransitionSystem(bag));
  CHECK_THROWS_WITH(model::SystemSemantics(bag), Catch::Contains("capacity inf has no explicit state space"));
  auto fifo = testing::config_from_flags("--capacity inf");
  CHECK_THROWS_WITH(TransitionSystem(fifo), Catch::Contains("needs bag channels"));
}

// The network Choices are read off model::network_rules, not a second description: one step
// group per rule and pick (letter, or fifo slot for a drop) and sender.
TEST_CASE("the encoding's network steps are the model's network rules, one group per pick", "[smt]") {
  for (const char* flags : {"--dup on", "--channel bag --dup on", "--capacity 3 --dup on --loss off",
                            "--channel bag --capacity inf"}) {
    INFO(flags);
    const model::ModelConfig config = testing::config_from_flags(flags);
    const TransitionSystem ts(config);
    std::map<model::StepKind, int> groups;
    for (const auto& g : ts.groups())
      if (g.kind >= model::StepKind::Deliver && g.kind <= model::StepKind::Dup && !g.ack_delayed) ++groups[g.kind];
    std::map<model::StepKind, int> expected;
    for (const model::NetworkRule& r : model::network_rules(config)) {
      const int picks = r.pick == model::Pick::EachSlot ? static_cast<int>(config.capacity) : model::kSegmentCount;
      expected[r.kind] = 2 * picks;  // both channels
    }
    CHECK(groups == expected);
    for (const auto& c : ts.choices())
      if (c.is_network()) CHECK(c.rule.kind == c.kind);
  }
}
