#ifndef WATCHNEXT_CBLAS_SHIM_H
#define WATCHNEXT_CBLAS_SHIM_H
// OpenBLAS's CBLAS interface (Debian: libopenblas-dev).
#include <cblas.h>

/// Sets the number of threads OpenBLAS may use for one call.
static inline void CBLAS_setThreadCount(int count) { openblas_set_num_threads(count); }

/// The number of threads OpenBLAS uses for one call.
static inline int CBLAS_threadCount(void) { return openblas_get_num_threads(); }

// LAPACK (in libopenblas): Cholesky factorisation, inverse from it, and an SPD solve.
void spotrf_(const char *uplo, const int *n, float *a, const int *lda, int *info);
void spotri_(const char *uplo, const int *n, float *a, const int *lda, int *info);
void sposv_(const char *uplo, const int *n, const int *nrhs, float *a, const int *lda, float *b, const int *ldb,
            int *info);
#endif
