// The few MPI calls WatchNext's collectives need, as plain functions: Open MPI's handles
// (MPI_COMM_WORLD, MPI_FLOAT, MPI_SUM, MPI_IN_PLACE) are macros over global objects that Swift
// cannot import. Every function returns MPI's error code (MPI_SUCCESS is 0); with MPI's default
// error handler a failed collective aborts every rank before it returns.
#include <mpi.h>

static inline int wn_mpi_init(void) {
  int initialized = 0;
  MPI_Initialized(&initialized);
  if (initialized) return MPI_SUCCESS;
  int provided = 0;
  return MPI_Init_thread(NULL, NULL, MPI_THREAD_SERIALIZED, &provided);
}

static inline int wn_mpi_finalize(void) {
  int finalized = 0;
  MPI_Finalized(&finalized);
  return finalized ? MPI_SUCCESS : MPI_Finalize();
}

static inline int wn_mpi_rank(void) {
  int rank = -1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  return rank;
}

static inline int wn_mpi_size(void) {
  int size = 0;
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  return size;
}

static inline int wn_mpi_allreduce_sum_float(float *values, int count) {
  return MPI_Allreduce(MPI_IN_PLACE, values, count, MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD);
}

static inline int wn_mpi_allreduce_sum_double(double *values, int count) {
  return MPI_Allreduce(MPI_IN_PLACE, values, count, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
}

static inline int wn_mpi_allgather_count(int count, int *counts) {
  return MPI_Allgather(&count, 1, MPI_INT, counts, 1, MPI_INT, MPI_COMM_WORLD);
}

static inline int wn_mpi_allgatherv_float(
  const float *values, int count, float *gathered, const int *counts, const int *offsets) {
  return MPI_Allgatherv(values, count, MPI_FLOAT, gathered, counts, offsets, MPI_FLOAT, MPI_COMM_WORLD);
}

static inline int wn_mpi_allgatherv_int32(
  const int *values, int count, int *gathered, const int *counts, const int *offsets) {
  return MPI_Allgatherv(values, count, MPI_INT, gathered, counts, offsets, MPI_INT, MPI_COMM_WORLD);
}

static inline int wn_mpi_broadcast_double(double *values, int count, int root) {
  return MPI_Bcast(values, count, MPI_DOUBLE, root, MPI_COMM_WORLD);
}

static inline int wn_mpi_barrier(void) { return MPI_Barrier(MPI_COMM_WORLD); }

static inline void wn_mpi_abort(int code) { MPI_Abort(MPI_COMM_WORLD, code); }
