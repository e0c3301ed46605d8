// finwait's entry point: everything happens in run_cli. Under mpirun (more than one process)
// MPI is started here, every rank runs the same command line, and only rank 0 prints.
#include <unistd.h>

#include <iostream>

#include "app.hpp"
#include "mpi_launch.hpp"
#ifdef FINWAIT_HAVE_MPI
#include "finwait/checker/distributed/mpi_world.hpp"
#endif

int main(int argc, char** argv) {
  const bool tty = isatty(STDERR_FILENO) != 0;
  const finwait::cli::MpiLaunch launch = finwait::cli::mpi_launch_from_environment();
  if (launch.size > 1) {
#ifdef FINWAIT_HAVE_MPI
    const finwait::checker::distributed::MpiWorld world(&argc, &argv);
    const auto search = finwait::checker::distributed::distributed_safety_search(world);
    const bool root = world.rank() == 0;
    std::ostream discard(nullptr);  // the other ranks' output: rank 0 prints the same report
    return finwait::cli::run_cli(argc, argv, root ? std::cout : discard, root ? std::cerr : discard,
                                 root && tty, {&search, world.size(), root});
#else
    if (launch.rank == 0)
      std::cerr << "finwait: error: mpirun: this finwait was built without MPI (install libopenmpi-dev and "
                   "rebuild), so it cannot search over several processes\n";
    return 2;
#endif
  }
  const int status = finwait::cli::run_cli(argc, argv, std::cout, std::cerr, tty);
  // A report that did not reach standard output (a full disk, /dev/full, a closed pipe) is
  // not a result: say so rather than exit as if it had been read.
  std::cout.flush();
  if (!std::cout) {
    std::cerr << "finwait: error: cannot write the standard output\n";
    return 2;
  }
  return status;
}
