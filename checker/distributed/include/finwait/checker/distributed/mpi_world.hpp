// An MPI job as finwait sees it: MPI started and stopped once, this process's rank, the size.
#pragma once

#include "finwait/checker/check_properties.hpp"

namespace finwait::checker::distributed {

// MPI_Init on construction, MPI_Finalize on destruction: one per process, in main(). Every
// rank runs the same command line; rank 0 prints, the others only take part in the search.
class MpiWorld {
 public:
  MpiWorld(int* argc, char*** argv);
  ~MpiWorld();
  MpiWorld(const MpiWorld&) = delete;
  MpiWorld& operator=(const MpiWorld&) = delete;

  int rank() const { return m_rank; }
  int size() const { return m_size; }

 private:
  int m_rank = 0;
  int m_size = 1;
};

// The safety and reachability search over every rank of `world`, states partitioned by hash.
// Each rank must call check_properties with it, with the same model, properties and limits;
// each gets the same report (verdicts, traces, and the whole job's statistics).
SafetySearch distributed_safety_search(const MpiWorld& world);

}  // namespace finwait::checker::distributed
