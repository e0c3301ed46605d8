// Reads the process's resident set size from /proc/self/status.
#include <fstream>
#include <string>

#include "finwait/checker/exploration.hpp"

namespace finwait::checker {
namespace {
std::uint64_t status_kib(const std::string& key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(key, 0) == 0) return std::stoull(line.substr(key.size())) * 1024;
  return 0;
}
}  // namespace

std::uint64_t peak_rss_bytes() { return status_kib("VmHWM:"); }
std::uint64_t current_rss_bytes() { return status_kib("VmRSS:"); }

}  // namespace finwait::checker
