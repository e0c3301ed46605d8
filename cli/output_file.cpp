// write_output_file: write, flush, close, and check each step.
#include "output_file.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>

#include "finwait/model/input_error.hpp"

namespace finwait::cli {

void write_output_file(const std::string& path, const std::string& content, const std::string& flag) {
  auto failed = [&path, &flag] {
    const int err = errno;
    return InputError(flag, "cannot write '" + path + "'" + (err != 0 ? std::string(": ") + std::strerror(err) : ""));
  };
  errno = 0;
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  if (!file) throw failed();
  file.write(content.data(), static_cast<std::streamsize>(content.size()));
  file.flush();  // a full disk shows here, not at the write into the buffer
  if (!file) throw failed();
  file.close();
  if (file.fail()) throw failed();
}

}  // namespace finwait::cli
