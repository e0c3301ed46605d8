// finwait's entry point: everything happens in run_cli.
#include <unistd.h>

#include <iostream>

#include "app.hpp"

int main(int argc, char** argv) {
  return finwait::cli::run_cli(argc, argv, std::cout, std::cerr, isatty(STDERR_FILENO) != 0);
}
