// Whether this process was started by mpirun, from the variables the launcher sets (Open MPI
// and MPICH/Hydra), read before MPI is started: a plain run must not start MPI at all.
#pragma once

#include <cstdlib>
#include <string>

namespace finwait::cli {

struct MpiLaunch {
  int size = 1;  // processes mpirun started (1: not under mpirun, or -np 1)
  int rank = 0;
};

inline MpiLaunch mpi_launch_from_environment() {
  auto number = [](const char* name) -> int {
    const char* text = std::getenv(name);
    if (text == nullptr) return -1;
    try {
      return std::stoi(text);
    } catch (const std::exception&) {
      return -1;
    }
  };
  MpiLaunch launch;
  for (const auto& [size, rank] : {std::pair{"OMPI_COMM_WORLD_SIZE", "OMPI_COMM_WORLD_RANK"}, std::pair{"PMI_SIZE", "PMI_RANK"}})
    if (number(size) > 0) return {number(size), std::max(0, number(rank))};
  return launch;
}

}  // namespace finwait::cli
