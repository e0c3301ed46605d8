// Printing addresses the way people write them: dotted quads and RFC 5952 IPv6 text.
#include "finwait/conform/tcp_segment.hpp"

#include <cstdio>

namespace finwait::conform {
namespace {

std::string dotted_quad(const std::uint8_t* b) {
  char text[16];
  std::snprintf(text, sizeof text, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
  return text;
}

// RFC 5952: lower-case hex without leading zeros; the longest run of two or more zero
// groups (the first of equal runs) becomes "::"; IPv4-mapped addresses end in a dotted quad.
std::string ipv6_text(const std::array<std::uint8_t, 16>& b) {
  std::uint16_t groups[8];
  for (int i = 0; i < 8; ++i) groups[i] = static_cast<std::uint16_t>(b[2 * i] << 8 | b[2 * i + 1]);

  const bool v4_mapped = groups[0] == 0 && groups[1] == 0 && groups[2] == 0 && groups[3] == 0 &&
                         groups[4] == 0 && groups[5] == 0xFFFF;
  if (v4_mapped) return std::string("::ffff:").append(dotted_quad(b.data() + 12));

  int best_start = -1;
  int best_length = 1;  // a single zero group is never shortened
  for (int i = 0; i < 8;) {
    if (groups[i] != 0) {
      ++i;
      continue;
    }
    int j = i;
    while (j < 8 && groups[j] == 0) ++j;
    if (j - i > best_length) {
      best_start = i;
      best_length = j - i;
    }
    i = j;
  }

  std::string text;
  char group[8];
  for (int i = 0; i < 8; ++i) {
    if (i == best_start) {
      text += "::";
      i += best_length - 1;
      continue;
    }
    if (!text.empty() && text.back() != ':') text += ':';
    std::snprintf(group, sizeof group, "%x", groups[i]);
    text += group;
  }
  return text;
}

}  // namespace

std::string to_string(const IpAddress& a) {
  return a.v6 ? ipv6_text(a.bytes) : dotted_quad(a.bytes.data());
}

std::string to_string(const SocketAddress& a) {
  // Appended piece by piece: GCC 12 reports a false -Wrestrict on "[" + s + "]:" chains.
  std::string text;
  if (a.ip.v6) text += '[';
  text += to_string(a.ip);
  if (a.ip.v6) text += ']';
  text += ':';
  text += std::to_string(a.port);
  return text;
}

}  // namespace finwait::conform
