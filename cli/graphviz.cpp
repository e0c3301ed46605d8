#include "graphviz.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "finwait/model/input_error.hpp"

extern char** environ;

namespace finwait::cli {
namespace {

// Writes all of `text` to `fd`; false if the reader went away. SIGPIPE is ignored meanwhile so
// that a `dot` that dies early is reported by its exit status instead of killing us.
bool write_all(int fd, const std::string& text) {
  struct sigaction ignore {}, previous {};
  ignore.sa_handler = SIG_IGN;
  sigaction(SIGPIPE, &ignore, &previous);
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  sigaction(SIGPIPE, &previous, nullptr);
  return done == text.size();
}

// We run Graphviz's `dot` program rather than link libgvc: no link-time dependency (finwait
// builds and runs its checks where Graphviz is absent; only SVG/PNG need it), no plugin
// configuration to get right in-process, and one short process per picture is cheap.
// posix_spawnp with an argument vector, not popen: no shell, so any file name is safe.
std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

void run_dot(const std::string& dot_text, const std::string& format, const std::string& target) {
  int fds[2];
  if (::pipe(fds) != 0) throw InputError("--format", "cannot create a pipe to Graphviz's dot");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[0], STDIN_FILENO);
  posix_spawn_file_actions_addclose(&actions, fds[1]);
  const std::string type = "-T" + format;
  const char* argv[] = {"dot", type.c_str(), "-o", target.c_str(), nullptr};
  pid_t pid = 0;
  const int spawned = posix_spawnp(&pid, "dot", &actions, nullptr, const_cast<char* const*>(argv), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(fds[0]);
  if (spawned != 0) {
    ::close(fds[1]);
    throw InputError("--format", format + " needs Graphviz's `dot` program, which was not found; "
                                          "install graphviz (apt-get install graphviz) or use --format dot");
  }
  write_all(fds[1], dot_text);
  ::close(fds[1]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw InputError("--format", fmt::format("Graphviz's dot failed to write {} (exit status {})", format,
                                             WIFEXITED(status) ? WEXITSTATUS(status) : -1));
}



std::string render_dot(const std::string& dot_text, const std::string& format) {
  char scratch[] = "/tmp/finwait-graphviz-XXXXXX";
  const int fd = ::mkstemp(scratch);
  if (fd < 0) throw InputError("--format", "cannot create a scratch file in /tmp");
  ::close(fd);
  try {
    run_dot(dot_text, format, scratch);
  } catch (...) {
    std::remove(scratch);
    throw;
  }
  const std::string bytes = read_file(scratch);
  std::remove(scratch);
  return bytes;
}

std::optional<std::string> graphviz_svg(const std::string& dot_text) {
  try {
    return render_dot(dot_text, "svg");
  } catch (const InputError&) {
    return std::nullopt;
  }
}

}  // namespace finwait::cli
