// MPI's lifetime in this process.
#include "finwait/checker/distributed/mpi_world.hpp"

#include <mpi.h>

namespace finwait::checker::distributed {

MpiWorld::MpiWorld(int* argc, char*** argv) {
  MPI_Init(argc, argv);
  MPI_Comm_rank(MPI_COMM_WORLD, &m_rank);
  MPI_Comm_size(MPI_COMM_WORLD, &m_size);
}

MpiWorld::~MpiWorld() { MPI_Finalize(); }

}  // namespace finwait::checker::distributed
