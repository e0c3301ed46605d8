// Append-only array of one-word packed states, each stored in just the bytes its bits need.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <vector>

namespace finwait::checker {

// A 42-bit state takes 6 bytes here instead of 8. Blocks of 65,536 states, never moved, so no
// 2x peak when the array grows. Reads and writes move 8 bytes at a time: each block has 8
// bytes of slack, and an append may scribble on the bytes of the next (not yet written) state.
//
// Spilling (--compress): a BFS reads its queue front to back, a few states at a time, and
// appends at the back. With spilling on, every block is written to an unnamed temporary file
// as soon as it is full, and keep_window(lo, hi) keeps in memory only the blocks holding ids
// lo..hi (the states about to be expanded) and the block being appended to, reading blocks
// back from the file as the window moves. Any other state (to rebuild a trace, after the
// search) comes through a one-block cache. Only the window is read by several threads.
class PackedStateArray {
 public:
  explicit PackedStateArray(unsigned bits)
      : m_width((bits + 7) / 8 == 0 ? 1 : (bits + 7) / 8),
        m_mask(bits >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << bits) - 1) {}

  void enable_spilling() { m_spilling = true; }
  bool spilling() const { return m_spilling; }

  void push_back(std::uint64_t value) {
    if ((m_size & (kBlock - 1)) == 0) {
      if (m_spilling && m_size > 0) write_block(m_blocks.size() - 1);
      m_blocks.emplace_back(new unsigned char[block_bytes()]);
    }
    std::memcpy(&m_blocks.back()[(m_size & (kBlock - 1)) * m_width], &value, 8);
    ++m_size;
  }
  std::uint64_t operator[](std::size_t i) const {
    const unsigned char* block = m_blocks[i >> kShift].get();
    if (block == nullptr) block = spilled_block(i >> kShift);
    std::uint64_t v;
    std::memcpy(&v, &block[(i & (kBlock - 1)) * m_width], 8);
    return v & m_mask;
  }

  // With spilling on: only the blocks of ids lo..hi, and the last block, stay in memory.
  void keep_window(std::size_t lo, std::size_t hi);

  std::size_t size() const { return m_size; }
  // Bytes in memory, and bytes written to the temporary file.
  std::size_t bytes() const {
    std::size_t resident = 0;
    for (const auto& b : m_blocks) resident += b ? 1 : 0;
    return resident * block_bytes();
  }
  std::size_t spilled_bytes() const { return m_written * block_bytes(); }
  unsigned width() const { return m_width; }

 private:
  static constexpr unsigned kShift = 16;
  static constexpr std::size_t kBlock = std::size_t{1} << kShift;
  std::size_t block_bytes() const { return kBlock * m_width + 8; }
  const unsigned char* spilled_block(std::size_t block) const;
  void open_file();
  void write_block(std::size_t block);
  void read_block(std::size_t block, unsigned char* into) const;

  struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
  };

  unsigned m_width;
  std::uint64_t m_mask;
  std::vector<std::unique_ptr<unsigned char[]>> m_blocks;  // null when only in the file
  std::size_t m_size = 0;
  bool m_spilling = false;
  std::size_t m_written = 0;  // blocks [0, m_written) are in the file (at block * block_bytes())
  std::unique_ptr<std::FILE, FileCloser> m_file;
  mutable std::unique_ptr<unsigned char[]> m_cache;
  mutable std::size_t m_cached = SIZE_MAX;
};

}  // namespace finwait::checker
