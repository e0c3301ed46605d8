// What every fuzz harness shares: the libFuzzer entry point each defines, and the rule that
// bad input may only end in InputError (exit 2 for a user) or a verdict, never anything else.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "finwait/model/input_error.hpp"

// Defined by each harness. Built with clang and FINWAIT_FUZZ=ON it is driven by libFuzzer;
// otherwise replay_main.cpp runs it over the seed corpus (a regression run in CTest).
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace finwait::fuzz {

// Runs one input through a reader: an InputError (one line and exit 2 for a user) is the one
// allowed failure; anything else escapes, and libFuzzer reports it as a crash, as `finwait`
// would report an "internal error".
template <class Reader>
void run_allowing_input_errors(Reader&& reader) {
  try {
    reader();
  } catch (const InputError&) {
  }
}

inline std::string text_of(const std::uint8_t* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

// A file holding `content`, for readers that take a path (trace files, captures): a memfd,
// which is a regular file to fstat, so it goes through the same checks as a user's file.
class MemoryFile {
 public:
  explicit MemoryFile(const std::string& content);
  ~MemoryFile();
  MemoryFile(const MemoryFile&) = delete;
  MemoryFile& operator=(const MemoryFile&) = delete;
  const std::string& path() const { return m_path; }

 private:
  int m_fd;
  std::string m_path;
};

}  // namespace finwait::fuzz
