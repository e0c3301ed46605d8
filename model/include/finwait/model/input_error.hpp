// The one exception type for bad user input; the CLI catches it once and exits with status 2.
#pragma once

#include <stdexcept>
#include <string>

namespace finwait {

// `where` names the flag, file:line:col or packet; `what()` is the message without it.
class InputError : public std::runtime_error {
 public:
  InputError(std::string where, const std::string& message)
      : std::runtime_error(message), m_where(std::move(where)) {}
  const std::string& where() const { return m_where; }

 private:
  std::string m_where;
};

}  // namespace finwait
