#ifndef WATCHNEXT_CSIMD_SHIM_H
#define WATCHNEXT_CSIMD_SHIM_H
// An inner product that uses AVX2 + FMA when the CPU has them, chosen at run time, so the
// package still runs on any x86-64 (Swift compiles for the baseline ISA, where SIMD8<Float>
// becomes two SSE halves). Other architectures get the portable loop.

#include <stdint.h>

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

/// 1 when the CPU also converts half precision in hardware (F16C).
static inline int CSimd_hasF16C(void) {
  static int cached = -1;
  if (cached < 0) cached = CSimd_hasAVX2() && __builtin_cpu_supports("f16c");
  return cached;
}

/// The sum of the eight lanes.
__attribute__((target("avx2,fma"))) static inline float CSimd_horizontalSum(__m256 acc) {
  __m128 low = _mm256_castps256_ps128(acc);
  __m128 high = _mm256_extractf128_ps(acc, 1);
  __m128 sum4 = _mm_add_ps(low, high);
  __m128 sum2 = _mm_add_ps(sum4, _mm_movehl_ps(sum4, sum4));
  __m128 sum1 = _mm_add_ss(sum2, _mm_shuffle_ps(sum2, sum2, 1));
  return _mm_cvtss_f32(sum1);
}

/// Exact widening of one IEEE half (used for the tails of the F16C loops).
static inline float CSimd_halfToFloat(uint16_t h);

__attribute__((target("avx2,fma,f16c"))) static inline float CSimd_dotHalfF16C(
    const float *a, const uint16_t *b, long n) {
  __m256 acc0 = _mm256_setzero_ps();
  __m256 acc1 = _mm256_setzero_ps();
  long i = 0;
  for (; i + 16 <= n; i += 16) {
    __m256 b0 = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(b + i)));
    __m256 b1 = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(b + i + 8)));
    acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), b0, acc0);
    acc1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 8), b1, acc1);
  }
  float sum = CSimd_horizontalSum(_mm256_add_ps(acc0, acc1));
  for (; i < n; i++) sum += a[i] * CSimd_halfToFloat(b[i]);
  return sum;
}

__attribute__((target("avx2,fma,f16c"))) static inline float CSimd_dotHalvesF16C(
    const uint16_t *a, const uint16_t *b, long n) {
  __m256 acc0 = _mm256_setzero_ps();
  __m256 acc1 = _mm256_setzero_ps();
  long i = 0;
  for (; i + 16 <= n; i += 16) {
    __m256 a0 = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(a + i)));
    __m256 a1 = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(a + i + 8)));
    __m256 b0 = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(b + i)));
    __m256 b1 = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(b + i + 8)));
    acc0 = _mm256_fmadd_ps(a0, b0, acc0);
    acc1 = _mm256_fmadd_ps(a1, b1, acc1);
  }
  float sum = CSimd_horizontalSum(_mm256_add_ps(acc0, acc1));
  for (; i < n; i++) sum += CSimd_halfToFloat(a[i]) * CSimd_halfToFloat(b[i]);
  return sum;
}
#endif

#include <stdint.h>
#include <string.h>

/// The exact float value of an IEEE 754 binary16 bit pattern (every half is a float).
static inline float CSimd_halfToFloat(uint16_t h) {
  uint32_t sign = (uint32_t)(h & 0x8000u) << 16;
  uint32_t exponent = (h >> 10) & 0x1Fu;
  uint32_t mantissa = h & 0x3FFu;
  uint32_t bits;
  if (exponent == 0x1Fu) {
    bits = sign | 0x7F800000u | (mantissa << 13);
  } else if (exponent != 0) {
    bits = sign | ((exponent + 112u) << 23) | (mantissa << 13);
  } else if (mantissa == 0) {
    bits = sign;
  } else {
    // Subnormal: value = mantissa × 2^-24; normalise it.
    int shift = 0;
    while ((mantissa & 0x400u) == 0) {
      mantissa <<= 1;
      shift++;
    }
    bits = sign | ((uint32_t)(113 - shift) << 23) | ((mantissa & 0x3FFu) << 13);
  }
  float value;
  memcpy(&value, &bits, sizeof value);
  return value;
}

/// Σ a[i]·half(b[i]) with the portable loop.
static inline float CSimd_dotHalfPortable(const float *a, const uint16_t *b, long n) {
  float s0 = 0, s1 = 0;
  long i = 0;
  for (; i + 2 <= n; i += 2) {
    s0 += a[i] * CSimd_halfToFloat(b[i]);
    s1 += a[i + 1] * CSimd_halfToFloat(b[i + 1]);
  }
  for (; i < n; i++) s0 += a[i] * CSimd_halfToFloat(b[i]);
  return s0 + s1;
}

/// The inner product of `n` floats at `a` with `n` IEEE halves at `b` (the HNSW graph's
/// compact copy of the vectors: half the bytes to load per visited node).
static inline float CSimd_dotHalf(const float *a, const uint16_t *b, long n) {
#if defined(__x86_64__)
  if (CSimd_hasF16C()) return CSimd_dotHalfF16C(a, b, n);
#endif
  return CSimd_dotHalfPortable(a, b, n);
}

/// The inner product of two rows of `n` IEEE halves.
static inline float CSimd_dotHalves(const uint16_t *a, const uint16_t *b, long n) {
#if defined(__x86_64__)
  if (CSimd_hasF16C()) return CSimd_dotHalvesF16C(a, b, n);
#endif
  float sum = 0;
  for (long i = 0; i < n; i++) sum += CSimd_halfToFloat(a[i]) * CSimd_halfToFloat(b[i]);
  return sum;
}

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
