// Address text -> IpAddress, for naming a connection on the command line.
#include <arpa/inet.h>

#include <string>

#include "finwait/conform/tcp_segment.hpp"

namespace finwait::conform {

std::optional<IpAddress> parse_ip(std::string_view text) {
  const std::string s(text);
  IpAddress out;
  if (inet_pton(AF_INET, s.c_str(), out.bytes.data()) == 1) return out;
  if (inet_pton(AF_INET6, s.c_str(), out.bytes.data()) == 1) {
    out.v6 = true;
    return out;
  }
  return std::nullopt;
}

}  // namespace finwait::conform
