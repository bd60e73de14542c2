/*
 * The SIMD exponential shared by the kernel families: exp(x) = 2^k * e^f, k = round(x / ln 2),
 * f = x - k ln 2 (|f| <= ln 2 / 2), e^f by its degree-6 Taylor polynomial (relative error below 2e-7).
 * x below -87.3 gives 0. The AVX2 form builds 2^k in the exponent field, so it needs x <= 88; the
 * AVX-512 form scales with vscalefps and gives +inf above 88.7.
 */
#ifndef OSPREY_SIMD_EXP_H
#define OSPREY_SIMD_EXP_H

#include "x86_simd.h"

#define OSPREY_EXP_LOW -87.3f
#define OSPREY_EXP_HIGH_AVX2 88.0f
#define OSPREY_LOG2E 1.44269504088896341f
#define OSPREY_LN2_HI 0.693145751953125f
#define OSPREY_LN2_LO 1.42860682030941723212e-6f

OSPREY_AVX2 OSPREY_INLINE __m256 osprey_exp_avx2(__m256 x) {
    __m256 keep = _mm256_cmp_ps(x, _mm256_set1_ps(OSPREY_EXP_LOW), _CMP_GE_OQ);
    x = _mm256_max_ps(x, _mm256_set1_ps(OSPREY_EXP_LOW));
    __m256 kf = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(OSPREY_LOG2E)), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m256 f = _mm256_fnmadd_ps(kf, _mm256_set1_ps(OSPREY_LN2_HI), x);
    f = _mm256_fnmadd_ps(kf, _mm256_set1_ps(OSPREY_LN2_LO), f);
    __m256 p = _mm256_set1_ps(1.0f / 720);
    p = _mm256_fmadd_ps(p, f, _mm256_set1_ps(1.0f / 120));
    p = _mm256_fmadd_ps(p, f, _mm256_set1_ps(1.0f / 24));
    p = _mm256_fmadd_ps(p, f, _mm256_set1_ps(1.0f / 6));
    p = _mm256_fmadd_ps(p, f, _mm256_set1_ps(0.5f));
    p = _mm256_fmadd_ps(p, f, _mm256_set1_ps(1.0f));
    p = _mm256_fmadd_ps(p, f, _mm256_set1_ps(1.0f));
    __m256i bits = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(kf), _mm256_set1_epi32(127)), 23);
    return _mm256_and_ps(_mm256_mul_ps(p, _mm256_castsi256_ps(bits)), keep);
}

OSPREY_AVX512 OSPREY_INLINE __m512 osprey_exp_avx512(__m512 x) {
    __mmask16 keep = _mm512_cmp_ps_mask(x, _mm512_set1_ps(OSPREY_EXP_LOW), _CMP_GE_OQ);
    x = _mm512_max_ps(x, _mm512_set1_ps(OSPREY_EXP_LOW));
    __m512 kf = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(OSPREY_LOG2E)), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m512 f = _mm512_fnmadd_ps(kf, _mm512_set1_ps(OSPREY_LN2_HI), x);
    f = _mm512_fnmadd_ps(kf, _mm512_set1_ps(OSPREY_LN2_LO), f);
    __m512 p = _mm512_set1_ps(1.0f / 720);
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(1.0f / 120));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(1.0f / 24));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(1.0f / 6));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(0.5f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(1.0f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(1.0f));
    return _mm512_maskz_mov_ps(keep, _mm512_scalef_ps(p, kf));
}

#endif
