// TRACES.md's `--delayed-ack on` extension and the profiles, as the model's step function
// and configuration see them.
#include <catch2/catch.hpp>

#include <vector>

#include "finwait/model/endpoint_semantics.hpp"
#include "finwait/model/input_error.hpp"
#include "finwait/model/successors.hpp"

using namespace finwait::model;

namespace {

SystemState b_established_with_fin_in_flight(const ModelConfig& config) {
  SystemState s;
  s.at(Party::A) = {TcpState::FinWait1, 0, Why::None};
  s.at(Party::B) = {TcpState::Established, 0, Why::None};
  REQUIRE(push(s.from(Party::A), Segment::Fin, ChannelShape(config)));
  return s;
}

std::vector<Transition> fin_deliveries(const ModelConfig& config, const SystemState& s) {
  std::vector<Transition> out;
  for (const Transition& t : SystemSemantics(config).successors(s))
    if (t.step.kind == StepKind::Deliver && t.step.actor == Party::A) out.push_back(t);
  return out;
}

}  // namespace

TEST_CASE("delayed-ack off: a FIN reaching ESTABLISHED is always acknowledged", "[model]") {
  const ModelConfig config;
  const auto d = fin_deliveries(config, b_established_with_fin_in_flight(config));
  REQUIRE(d.size() == 1);
  CHECK(d[0].sent == Segment::Ack);
  CHECK_FALSE(d[0].step.ack_delayed);
  CHECK(d[0].next.at(Party::B).st == TcpState::CloseWait);
}

TEST_CASE("delayed-ack on: the receiver may also defer the ACK and go to CLOSE_WAIT silently",
          "[model]") {
  ModelConfig config;
  config.delayed_ack = true;
  const auto d = fin_deliveries(config, b_established_with_fin_in_flight(config));
  REQUIRE(d.size() == 2);
  CHECK(d[0].sent == Segment::Ack);
  CHECK(d[1].step.ack_delayed);
  CHECK_FALSE(d[1].sent.has_value());
  CHECK(d[1].next.at(Party::B).st == TcpState::CloseWait);
  CHECK(d[1].next.from(Party::B).empty());
  CHECK(label(d[1].step) == "A->B deliver FIN, ACK delayed");
  // The deferred ACK rides on B's FIN: from CLOSE_WAIT, close sends FINACK.
  bool finack = false;
  for (const Transition& t : SystemSemantics(config).successors(d[1].next))
    finack = finack || (t.step.kind == StepKind::Close && t.step.actor == Party::B &&
                        t.sent == Segment::FinAck);
  CHECK(finack);
}

TEST_CASE("delayed-ack on changes nothing but FIN receptions in ESTABLISHED", "[model]") {
  ModelConfig off, on;
  on.delayed_ack = true;
  const EndpointSemantics a(off), b(on);
  REQUIRE(a.locals().size() == b.locals().size());
  for (Party p : {Party::A, Party::B})
    for (std::uint32_t l = 0; l < a.locals().size(); ++l)
      for (int e = 0; e < kEventCount; ++e)
        for (bool empty : {false, true}) {
          const auto event = static_cast<Event>(e);
          const bool differs = !(a.outcome(p, a.locals().at(l), event, empty) ==
                                 b.outcome(p, b.locals().at(l), event, empty));
          const bool expected = event == Event::RecvFinDelayingAck &&
                                a.locals().at(l).st == TcpState::Established;
          CHECK(differs == expected);
        }
}

TEST_CASE("profiles: linux is TRACES.md's option set, rfc793 the defaults", "[model]") {
  auto apply = [](const std::string& profile) {
    ModelConfig c;
    const auto settings = profile_settings(profile);
    REQUIRE(settings != nullptr);
    for (const auto& [name, value] : *settings) set_parameter(c, name, value, profile);
    return c;
  };
  CHECK(apply("rfc793") == ModelConfig{});
  const ModelConfig lx = apply("linux");
  CHECK(lx.abort);
  CHECK(lx.retries_infinite());
  CHECK(lx.fin_wait_2_timeout);
  CHECK(lx.delayed_ack);
  CHECK(lx.variant == Variant::Rfc793);
  CHECK(changed_parameters(lx) == ParameterSettings{{"abort", "on"},
                                                    {"retries", "inf"},
                                                    {"fin_wait_2_timeout", "on"},
                                                    {"delayed_ack", "on"}});
  CHECK(profile_settings("bsd") == nullptr);
}
