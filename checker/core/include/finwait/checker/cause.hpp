// What a counterexample shows, in one sentence ("A waits in FIN_WAIT_2 forever after its peer
// closed (giveup)"), recognising the classic close failures.
#pragma once
#include <string>

#include "finwait/model/trace.hpp"

namespace finwait::checker {

std::string describe_cause(const model::Trace& t);

}  // namespace finwait::checker
