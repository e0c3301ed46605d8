// read_input_file: open without blocking, check the kind and size, then read.
#include "finwait/model/input_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "finwait/model/input_error.hpp"

namespace finwait::model {
namespace {

// Closes the descriptor on every path out.
struct Descriptor {
  int fd;
  ~Descriptor() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

std::string read_input_file(const std::string& path, const std::string& what, std::size_t max_bytes) {
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever.
  const Descriptor file{::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC)};
  if (file.fd < 0) throw InputError(path, "cannot open the " + what + ": " + std::strerror(errno));
  struct stat st {};
  if (::fstat(file.fd, &st) != 0) throw InputError(path, "cannot read the " + what + ": " + std::strerror(errno));
  if (S_ISDIR(st.st_mode)) throw InputError(path, "is a directory, not a " + what);
  if (!S_ISREG(st.st_mode))
    throw InputError(path, "is not a regular file (a FIFO, device or socket); give a " + what);
  if (static_cast<std::uint64_t>(st.st_size) > max_bytes)
    throw InputError(path, "the " + what + " has " + std::to_string(st.st_size) + " bytes; at most " +
                               std::to_string(max_bytes) + " are read");
  std::string content(static_cast<std::size_t>(st.st_size), '\0');
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::read(file.fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw InputError(path, "cannot read the " + what + ": " + std::strerror(errno));
    if (n == 0) break;  // shrank while we read: take what is there
    done += static_cast<std::size_t>(n);
  }
  content.resize(done);
  return content;
}

}  // namespace finwait::model
