// MemoryFile: a memfd with the content, named through /proc/self/fd.
#include <sys/mman.h>
#include <unistd.h>

#include <cstdlib>

#include "fuzz_target.hpp"

namespace finwait::fuzz {

MemoryFile::MemoryFile(const std::string& content) : m_fd(memfd_create("finwait-fuzz", MFD_CLOEXEC)) {
  if (m_fd < 0) std::abort();  // the harness cannot run: not a finding in finwait
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(m_fd, content.data() + done, content.size() - done);
    if (n <= 0) std::abort();
    done += static_cast<std::size_t>(n);
  }
  m_path = "/proc/self/fd/" + std::to_string(m_fd);
}

MemoryFile::~MemoryFile() { ::close(m_fd); }

}  // namespace finwait::fuzz
