// A cluster over MPI (Open MPI from Debian): the ranks `mpirun -n R` starts. Built into weft::mpi when
// CMake finds MPI; a tool made with weft_add_tool links it then, and its `check` runs distributed
// whenever mpirun started it.
//
//   if (weft::checker::launched_by_mpirun()) {
//     auto cluster = weft::checker::start_mpi();      // MPI_Init; MPI_Finalize when it is destroyed
//     options.cluster = cluster.get();
//   }
#pragma once

#include <weft/checker/cluster.hpp>

#include <memory>

namespace weft::checker {

/// True when an MPI launcher (mpirun, mpiexec) started this process.
bool launched_by_mpirun();

/// Starts MPI (one thread calls it: the search's own) and returns this process's view of MPI_COMM_WORLD.
std::unique_ptr<Cluster> start_mpi();

/// Ends every rank of the job at once with exit code `code`: a rank that fails must not leave the others
/// waiting at the next level end.
[[noreturn]] void abort_mpi(int code);

}  // namespace weft::checker
