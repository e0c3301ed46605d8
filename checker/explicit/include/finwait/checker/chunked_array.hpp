// An append-only array in fixed-size blocks: no reallocation, so no 2x peak when it grows.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

namespace finwait::checker {

template <class T>
class ChunkedArray {
 public:
  static constexpr unsigned kShift = 16;  // 65,536 elements per block
  static constexpr std::size_t kBlock = std::size_t{1} << kShift;

  void push_back(const T& value) {
    if ((m_size & (kBlock - 1)) == 0) m_blocks.emplace_back(new T[kBlock]);
    m_blocks.back()[m_size & (kBlock - 1)] = value;
    ++m_size;
  }
  const T& operator[](std::size_t i) const { return m_blocks[i >> kShift][i & (kBlock - 1)]; }
  T& operator[](std::size_t i) { return m_blocks[i >> kShift][i & (kBlock - 1)]; }
  std::size_t size() const { return m_size; }
  std::size_t bytes() const { return m_blocks.size() * kBlock * sizeof(T); }

 private:
  std::vector<std::unique_ptr<T[]>> m_blocks;
  std::size_t m_size = 0;
};

}  // namespace finwait::checker
