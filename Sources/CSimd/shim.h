#ifndef WATCHNEXT_CSIMD_SHIM_H
#define WATCHNEXT_CSIMD_SHIM_H
// An inner product that uses AVX2 + FMA when the CPU has them, chosen at run time, so the
// package still runs on any x86-64 (Swift compiles for the baseline ISA, where SIMD8<Float>
// becomes two SSE halves). Other architectures get the portable loop.

#if defined(__x86_64__)
#include <immintrin.h>

__attribute__((target("avx2,fma"))) static inline float CSimd_dotAVX2(const float *a, const float *b, long n) {
  __m256 acc0 = _mm256_setzero_ps();
  __m256 acc1 = _mm256_setzero_ps();
  long i = 0;
  for (; i + 16 <= n; i += 16) {
    acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), acc0);
    acc1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8), acc1);
  }
  __m256 acc = _mm256_add_ps(acc0, acc1);
  __m128 low = _mm256_castps256_ps128(acc);
  __m128 high = _mm256_extractf128_ps(acc, 1);
  __m128 sum4 = _mm_add_ps(low, high);
  __m128 sum2 = _mm_add_ps(sum4, _mm_movehl_ps(sum4, sum4));
  __m128 sum1 = _mm_add_ss(sum2, _mm_shuffle_ps(sum2, sum2, 1));
  float sum = _mm_cvtss_f32(sum1);
  for (; i < n; i++) sum += a[i] * b[i];
  return sum;
}

/// 1 when the CPU has AVX2 and FMA (checked once per translation unit).
static inline int CSimd_hasAVX2(void) {
  static int cached = -1;
  if (cached < 0) cached = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  return cached;
}
#endif

/// The portable loop.
static inline float CSimd_dotPortable(const float *a, const float *b, long n) {
  float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  long i = 0;
  for (; i + 4 <= n; i += 4) {
    s0 += a[i] * b[i];
    s1 += a[i + 1] * b[i + 1];
    s2 += a[i + 2] * b[i + 2];
    s3 += a[i + 3] * b[i + 3];
  }
  for (; i < n; i++) s0 += a[i] * b[i];
  return (s0 + s1) + (s2 + s3);
}

/// The inner product of `n` floats at `a` and `b`.
static inline float CSimd_dot(const float *a, const float *b, long n) {
#if defined(__x86_64__)
  if (CSimd_hasAVX2()) return CSimd_dotAVX2(a, b, n);
#endif
  return CSimd_dotPortable(a, b, n);
}
#endif
