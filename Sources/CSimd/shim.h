#ifndef WATCHNEXT_CSIMD_SHIM_H
#define WATCHNEXT_CSIMD_SHIM_H
// Inner-product kernels that use AVX2 + FMA when the CPU has them, chosen at run time, so the
// package still runs on any x86-64 (Swift compiles for the baseline ISA, where SIMD8<Float>
// becomes two SSE halves). Other architectures get the portable loops.

#include <stdint.h>

#if defined(__x86_64__)
#include <immintrin.h>

/// 1 when the CPU has AVX2 and FMA (checked once per translation unit).
static inline int CSimd_hasAVX2(void) {
  static int cached = -1;
  if (cached < 0) cached = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
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

__attribute__((target("avx2,fma"))) static inline float CSimd_dotAVX2(const float *a, const float *b, long n) {
  __m256 acc0 = _mm256_setzero_ps();
  __m256 acc1 = _mm256_setzero_ps();
  long i = 0;
  for (; i + 16 <= n; i += 16) {
    acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), acc0);
    acc1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8), acc1);
  }
  float sum = CSimd_horizontalSum(_mm256_add_ps(acc0, acc1));
  for (; i < n; i++) sum += a[i] * b[i];
  return sum;
}

/// Eight codes from `c`, widened to floats.
__attribute__((target("avx2,fma"))) static inline __m256 CSimd_widenCodes(const uint8_t *c) {
  return _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(_mm_loadl_epi64((const __m128i *)c)));
}

__attribute__((target("avx2,fma"))) static inline float CSimd_dotCodesAVX2(const float *w, const uint8_t *c, long n) {
  __m256 acc0 = _mm256_setzero_ps();
  __m256 acc1 = _mm256_setzero_ps();
  long i = 0;
  for (; i + 16 <= n; i += 16) {
    acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(w + i), CSimd_widenCodes(c + i), acc0);
    acc1 = _mm256_fmadd_ps(_mm256_loadu_ps(w + i + 8), CSimd_widenCodes(c + i + 8), acc1);
  }
  float sum = CSimd_horizontalSum(_mm256_add_ps(acc0, acc1));
  for (; i < n; i++) sum += w[i] * (float)c[i];
  return sum;
}

__attribute__((target("avx2,fma"))) static inline float CSimd_dotDecodedAVX2(
    const float *low, const float *step, const uint8_t *a, const uint8_t *b, long n) {
  __m256 acc = _mm256_setzero_ps();
  long i = 0;
  for (; i + 8 <= n; i += 8) {
    __m256 l = _mm256_loadu_ps(low + i);
    __m256 s = _mm256_loadu_ps(step + i);
    __m256 x = _mm256_fmadd_ps(s, CSimd_widenCodes(a + i), l);
    __m256 y = _mm256_fmadd_ps(s, CSimd_widenCodes(b + i), l);
    acc = _mm256_fmadd_ps(x, y, acc);
  }
  float sum = CSimd_horizontalSum(acc);
  for (; i < n; i++) sum += (low[i] + step[i] * (float)a[i]) * (low[i] + step[i] * (float)b[i]);
  return sum;
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

/// Σ w[i]·c[i] over `n` weights and 8-bit codes, with the portable loop.
static inline float CSimd_dotCodesPortable(const float *w, const uint8_t *c, long n) {
  float s0 = 0, s1 = 0;
  long i = 0;
  for (; i + 2 <= n; i += 2) {
    s0 += w[i] * (float)c[i];
    s1 += w[i + 1] * (float)c[i + 1];
  }
  for (; i < n; i++) s0 += w[i] * (float)c[i];
  return s0 + s1;
}

/// Σ w[i]·c[i] over `n` float weights and 8-bit codes: a query against a scalar-quantised item
/// (the weights are the query times each dimension's step).
static inline float CSimd_dotCodes(const float *w, const uint8_t *c, long n) {
#if defined(__x86_64__)
  if (CSimd_hasAVX2()) return CSimd_dotCodesAVX2(w, c, n);
#endif
  return CSimd_dotCodesPortable(w, c, n);
}

/// The inner product of two scalar-quantised rows, each value decoded as `low[i] + step[i]·code`,
/// with the portable loop.
static inline float CSimd_dotDecodedPortable(
    const float *low, const float *step, const uint8_t *a, const uint8_t *b, long n) {
  float sum = 0;
  for (long i = 0; i < n; i++) sum += (low[i] + step[i] * (float)a[i]) * (low[i] + step[i] * (float)b[i]);
  return sum;
}

/// The inner product of two scalar-quantised rows, each value decoded as `low[i] + step[i]·code`.
static inline float CSimd_dotDecoded(const float *low, const float *step, const uint8_t *a, const uint8_t *b, long n) {
#if defined(__x86_64__)
  if (CSimd_hasAVX2()) return CSimd_dotDecodedAVX2(low, step, a, b, n);
#endif
  return CSimd_dotDecodedPortable(low, step, a, b, n);
}

// 4-bit product-quantisation "fast scan" (the partition index): a block holds 32 vectors'
// codes, subspace after subspace, 16 bytes each; byte j of a subspace holds vector j's code in
// its low nibble and vector j + 16's in its high nibble. `lut` holds 16 one-byte scores per
// subspace. out[v] = Σ_s lut[s][code(v, s)] for the block's 32 vectors.

/// The fast scan of one block with the portable loop.
static inline void CSimd_fastScanPortable(const uint8_t *block, const uint8_t *lut, long subspaces, uint16_t *out) {
  for (int v = 0; v < 32; v++) out[v] = 0;
  for (long s = 0; s < subspaces; s++) {
    const uint8_t *codes = block + s * 16;
    const uint8_t *table = lut + s * 16;
    for (int j = 0; j < 16; j++) {
      out[j] += table[codes[j] & 15];
      out[j + 16] += table[codes[j] >> 4];
    }
  }
}

#if defined(__x86_64__)
/// The fast scan of one block: two subspaces per 256-bit register (one per lane), their
/// nibbles looked up with pshufb and summed in 16-bit lanes. `subspaces` must be even.
__attribute__((target("avx2,fma"))) static inline void CSimd_fastScanAVX2(
    const uint8_t *block, const uint8_t *lut, long subspaces, uint16_t *out) {
  const __m256i mask = _mm256_set1_epi8(15);
  __m256i low = _mm256_setzero_si256();   // vectors 0..15
  __m256i high = _mm256_setzero_si256();  // vectors 16..31
  for (long s = 0; s + 2 <= subspaces; s += 2) {
    __m256i codes = _mm256_loadu_si256((const __m256i *)(block + s * 16));
    __m256i table = _mm256_loadu_si256((const __m256i *)(lut + s * 16));
    __m256i first = _mm256_shuffle_epi8(table, _mm256_and_si256(codes, mask));
    __m256i second = _mm256_shuffle_epi8(table, _mm256_and_si256(_mm256_srli_epi16(codes, 4), mask));
    low = _mm256_add_epi16(low, _mm256_cvtepu8_epi16(_mm256_castsi256_si128(first)));
    low = _mm256_add_epi16(low, _mm256_cvtepu8_epi16(_mm256_extracti128_si256(first, 1)));
    high = _mm256_add_epi16(high, _mm256_cvtepu8_epi16(_mm256_castsi256_si128(second)));
    high = _mm256_add_epi16(high, _mm256_cvtepu8_epi16(_mm256_extracti128_si256(second, 1)));
  }
  _mm256_storeu_si256((__m256i *)out, low);
  _mm256_storeu_si256((__m256i *)(out + 16), high);
}
#endif

/// The fast scan of `blocks` consecutive blocks (see above), 32 sums per block into `out`.
static inline void CSimd_fastScan(const uint8_t *blocks, const uint8_t *lut, long subspaces, long count, uint16_t *out) {
#if defined(__x86_64__)
  if (CSimd_hasAVX2() && subspaces % 2 == 0) {
    for (long b = 0; b < count; b++) CSimd_fastScanAVX2(blocks + b * subspaces * 16, lut, subspaces, out + b * 32);
    return;
  }
#endif
  for (long b = 0; b < count; b++) CSimd_fastScanPortable(blocks + b * subspaces * 16, lut, subspaces, out + b * 32);
}


/// out[c] = Σ_j q[j] · t[j·p + c] for c < p: a query against `p` rows stored transposed
/// (`d × p`), as `d` scaled row additions (no horizontal sums), with the portable loop.
static inline void CSimd_transposedScoresPortable(const float *q, const float *t, long d, long p, float *out) {
  for (long c = 0; c < p; c++) out[c] = 0;
  for (long j = 0; j < d; j++)
    for (long c = 0; c < p; c++) out[c] += q[j] * t[j * p + c];
}

#if defined(__x86_64__)
__attribute__((target("avx2,fma"))) static inline void CSimd_transposedScoresAVX2(
    const float *q, const float *t, long d, long p, float *out) {
  long c = 0;
  for (; c + 32 <= p; c += 32) {
    __m256 a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps(), a2 = _mm256_setzero_ps(), a3 = _mm256_setzero_ps();
    for (long j = 0; j < d; j++) {
      __m256 w = _mm256_set1_ps(q[j]);
      const float *row = t + j * p + c;
      a0 = _mm256_fmadd_ps(w, _mm256_loadu_ps(row), a0);
      a1 = _mm256_fmadd_ps(w, _mm256_loadu_ps(row + 8), a1);
      a2 = _mm256_fmadd_ps(w, _mm256_loadu_ps(row + 16), a2);
      a3 = _mm256_fmadd_ps(w, _mm256_loadu_ps(row + 24), a3);
    }
    _mm256_storeu_ps(out + c, a0);
    _mm256_storeu_ps(out + c + 8, a1);
    _mm256_storeu_ps(out + c + 16, a2);
    _mm256_storeu_ps(out + c + 24, a3);
  }
  for (; c < p; c++) {
    float sum = 0;
    for (long j = 0; j < d; j++) sum += q[j] * t[j * p + c];
    out[c] = sum;
  }
}
#endif

/// out[c] = Σ_j q[j] · t[j·p + c] for c < p (see the portable loop).
static inline void CSimd_transposedScores(const float *q, const float *t, long d, long p, float *out) {
#if defined(__x86_64__)
  if (CSimd_hasAVX2()) {
    CSimd_transposedScoresAVX2(q, t, d, p, out);
    return;
  }
#endif
  CSimd_transposedScoresPortable(q, t, d, p, out);
}

#endif
