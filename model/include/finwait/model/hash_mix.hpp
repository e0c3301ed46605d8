// The one integer mixer the engines hash with (state stores, connection tables).
#pragma once

#include <cstdint>

namespace finwait::model {

// MurmurHash3's 64-bit finaliser: every input bit affects every output bit.
inline std::uint64_t mix64(std::uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

}  // namespace finwait::model
