// Reading a file the user named: regular files of bounded size only, every failure an
// InputError naming the file (a FIFO, a device or a directory must not hang or crash a run).
#pragma once

#include <cstddef>
#include <string>

namespace finwait::model {

// Property files, trace files and step files are small; this bounds what a run will read.
inline constexpr std::size_t kMaxInputFileBytes = std::size_t{64} << 20;

// The whole content of `path`. Throws InputError(path, ...) if it cannot be opened (with the
// system's reason: missing, permission, name too long), is not a regular file, or is larger
// than `max_bytes`. `what` names the kind of file in messages ("property file").
std::string read_input_file(const std::string& path, const std::string& what,
                            std::size_t max_bytes = kMaxInputFileBytes);

}  // namespace finwait::model
