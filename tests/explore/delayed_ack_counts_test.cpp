// State counts with TRACES.md's delayed-ACK extension, pinned where the independent Promela
// model (bench/promela/finwait.pml, -DDELAYACK=1, run by bench/spin_compare.sh) gives the
// same number of distinct MODEL.md tuples.
#include <catch2/catch.hpp>

#include "test_support.hpp"

using finwait::testing::check;
using finwait::testing::config_from_flags;

TEST_CASE("delayed-ACK state counts agree with SPIN's", "[explore]") {
  struct Count {
    const char* flags;
    std::uint64_t states;
    const char* why;
  };
  const Count counts[] = {
      {"--delayed-ack on", 2962,
       "with loss on, B in CLOSE_WAIT without its ACK in flight is also reached by dropping it"},
      {"--delayed-ack on --loss off", 2024,
       "without loss, 88 states of the default's 1,936 are new: CLOSE_WAIT with no ACK sent"},
      {"--profile linux", 2131, "abort on, retries inf, fw2-timeout on, delayed ACK"},
      {"--delayed-ack on --channel bag --capacity 3 --dup on", 20017, "a reordering network"},
  };
  for (const Count& c : counts) {
    INFO(c.flags << ": " << c.why);
    CHECK(check(config_from_flags(c.flags)).stats.states == c.states);
  }
  CHECK(check(config_from_flags("--loss off")).stats.states == 1936);
}
