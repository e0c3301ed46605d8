// Printed names of the model's words, in the RFC's spelling, and their parsers.
#include "finwait/model/vocabulary.hpp"

#include <array>

namespace finwait::model {
namespace {

constexpr std::array<std::string_view, kTcpStateCount> kStateNames = {
    "CLOSED", "ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2",
    "CLOSING", "TIME_WAIT", "CLOSE_WAIT", "LAST_ACK"};
constexpr std::array<std::string_view, kSegmentCount> kSegmentNames = {"FIN", "FINACK", "ACK",
                                                                       "RST"};
constexpr std::array<std::string_view, kWhyCount> kWhyNames = {"none", "graceful", "reset",
                                                               "abort", "giveup"};
constexpr std::array<std::string_view, kEventCount> kEventNames = {
    "close",    "abort",       "retransmit", "giveup",   "2msl",
    "fw2-timeout", "recv FIN", "recv FINACK", "recv ACK", "recv RST",
    "recv FIN, delaying the ACK"};

template <class Enum, std::size_t N>
std::optional<Enum> lookup(const std::array<std::string_view, N>& names, std::string_view text) {
  for (std::size_t i = 0; i < N; ++i)
    if (names[i] == text) return static_cast<Enum>(i);
  return std::nullopt;
}

}  // namespace

std::string_view name(TcpState s) { return kStateNames[static_cast<int>(s)]; }
std::string_view name(Segment s) { return kSegmentNames[static_cast<int>(s)]; }
std::string_view name(Why w) { return kWhyNames[static_cast<int>(w)]; }
std::string_view name(Party p) { return p == Party::A ? "A" : "B"; }
std::string_view name(Event e) { return kEventNames[static_cast<int>(e)]; }

std::optional<TcpState> parse_tcp_state(std::string_view text) {
  return lookup<TcpState>(kStateNames, text);
}
std::optional<Segment> parse_segment(std::string_view text) {
  return lookup<Segment>(kSegmentNames, text);
}
std::optional<Why> parse_why(std::string_view text) { return lookup<Why>(kWhyNames, text); }
std::optional<Party> parse_party(std::string_view text) {
  if (text == "A") return Party::A;
  if (text == "B") return Party::B;
  return std::nullopt;
}

}  // namespace finwait::model
