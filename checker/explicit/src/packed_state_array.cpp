// PackedStateArray's spilling: blocks of expanded states to a temporary file and back.
#include "finwait/checker/packed_state_array.hpp"

#include <string>

#include "finwait/model/input_error.hpp"

namespace finwait::checker {

void PackedStateArray::release_below(std::size_t id) {
  if (!m_spilling) return;
  const std::size_t below = id >> kShift;  // blocks wholly below id
  if (below <= m_spilled) return;
  if (!m_file) {
    m_file.reset(std::tmpfile());
    if (!m_file) throw InputError("compress", "cannot create a temporary file for the states");
  }
  for (; m_spilled < below; ++m_spilled) {
    // Blocks go to the file in order, so block b is at offset b * block_bytes().
    if (std::fwrite(m_blocks[m_spilled].get(), 1, block_bytes(), m_file.get()) != block_bytes())
      throw InputError("compress", "cannot write the states' temporary file (disk full?)");
    m_blocks[m_spilled].reset();
  }
  std::fflush(m_file.get());
}

const unsigned char* PackedStateArray::spilled_block(std::size_t block) const {
  if (m_cached != block) {
    if (!m_cache) m_cache.reset(new unsigned char[block_bytes()]);
    const long offset = static_cast<long>(block * block_bytes());
    if (std::fseek(m_file.get(), offset, SEEK_SET) != 0 ||
        std::fread(m_cache.get(), 1, block_bytes(), m_file.get()) != block_bytes())
      throw InputError("compress", "cannot read back the states' temporary file");
    // Writes continue at the end of the file.
    std::fseek(m_file.get(), 0, SEEK_END);
    m_cached = block;
  }
  return m_cache.get();
}

}  // namespace finwait::checker
