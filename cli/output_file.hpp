// Writing a file the user asked for: every failure (a missing directory, a full disk,
// /dev/full) is an InputError naming the flag and the file, never a silent success.
#pragma once

#include <string>

namespace finwait::cli {

// Writes `content` to `path` (binary: bytes as given) and makes sure it reached the file.
void write_output_file(const std::string& path, const std::string& content, const std::string& flag);

}  // namespace finwait::cli
