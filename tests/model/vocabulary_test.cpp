// Printed names use the RFC's spelling and parse back.
#include <catch2/catch.hpp>

#include "finwait/model/vocabulary.hpp"

using namespace finwait::model;

TEST_CASE("state names are the RFC's spelling and round-trip", "[model]") {
  CHECK(name(TcpState::FinWait1) == "FIN_WAIT_1");
  CHECK(name(TcpState::CloseWait) == "CLOSE_WAIT");
  for (int s = 0; s < kTcpStateCount; ++s)
    CHECK(parse_tcp_state(name(static_cast<TcpState>(s))) == static_cast<TcpState>(s));
  CHECK_FALSE(parse_tcp_state("FIN_WAIT_3").has_value());
}
