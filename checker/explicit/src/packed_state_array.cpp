// PackedStateArray's spilling: full blocks to a temporary file, and a window of them back.
#include "finwait/checker/packed_state_array.hpp"

#include <cstdlib>
#include <string>
#include <unistd.h>

#include "finwait/model/input_error.hpp"

namespace finwait::checker {

// In $TMPDIR (else /tmp), unlinked at once: nothing is left behind, even after a crash.
void PackedStateArray::open_file() {
  const char* dir = std::getenv("TMPDIR");
  std::string path = std::string(dir != nullptr && *dir != '\0' ? dir : "/tmp") + "/finwait-states-XXXXXX";
  const int fd = ::mkstemp(path.data());
  if (fd < 0) throw InputError("compress", "cannot create a temporary file in " + path.substr(0, path.rfind('/')));
  ::unlink(path.c_str());
  m_file.reset(::fdopen(fd, "w+b"));
  if (!m_file) {
    ::close(fd);
    throw InputError("compress", "cannot open the temporary file for the states");
  }
}

void PackedStateArray::write_block(std::size_t block) {
  if (!m_file) open_file();
  // Blocks fill in order, so block b lands at b * block_bytes().
  const auto offset = static_cast<off_t>(block * block_bytes());
  if (::pwrite(fileno(m_file.get()), m_blocks[block].get(), block_bytes(), offset) !=
      static_cast<ssize_t>(block_bytes()))
    throw InputError("compress", "cannot write the states' temporary file (disk full?)");
  m_written = block + 1;
}

void PackedStateArray::read_block(std::size_t block, unsigned char* into) const {
  const auto offset = static_cast<off_t>(block * block_bytes());
  if (::pread(fileno(m_file.get()), into, block_bytes(), offset) != static_cast<ssize_t>(block_bytes()))
    throw InputError("compress", "cannot read back the states' temporary file");
}

void PackedStateArray::keep_window(std::size_t lo, std::size_t hi) {
  if (!m_spilling || m_blocks.empty()) return;
  const std::size_t first = lo >> kShift, last = hi >> kShift, tail = m_blocks.size() - 1;
  for (std::size_t b = 0; b < tail; ++b) {
    const bool wanted = b >= first && b <= last;
    if (wanted && !m_blocks[b]) {
      m_blocks[b].reset(new unsigned char[block_bytes()]);
      read_block(b, m_blocks[b].get());
    } else if (!wanted && m_blocks[b]) {
      m_blocks[b].reset();  // full, so already in the file
    }
  }
}

const unsigned char* PackedStateArray::spilled_block(std::size_t block) const {
  if (m_cached != block) {
    if (!m_cache) m_cache.reset(new unsigned char[block_bytes()]);
    read_block(block, m_cache.get());
    m_cached = block;
  }
  return m_cache.get();
}

}  // namespace finwait::checker
