/*
 * SwiGLU's gating in place (osprey_kernels.h, OSPREY_SWIGLU): gate[i] = silu(gate[i]) * up[i] with
 * silu(g) = g / (1 + exp(-g)). The SIMD variants take simd_exp.h's exponential; the AVX-VNNI set runs
 * the AVX2 one.
 */
#include <math.h>

#include "osprey_kernels.h"
#include "simd_exp.h"
#include "x86_simd.h"

OSPREY_SWIGLU(ref) {
    for (int32_t i = 0; i < n; i++) {
        float g = gate[i];
        gate[i] = g / (1.0f + expf(-g)) * up[i];
    }
}

OSPREY_AVX2 OSPREY_INLINE __m256 silu_times_avx2(__m256 g, __m256 u) {
    __m256 e = osprey_exp_avx2(_mm256_min_ps(_mm256_sub_ps(_mm256_setzero_ps(), g), _mm256_set1_ps(OSPREY_EXP_HIGH_AVX2)));
    return _mm256_mul_ps(_mm256_div_ps(g, _mm256_add_ps(_mm256_set1_ps(1.0f), e)), u);
}

OSPREY_AVX2 OSPREY_SWIGLU(avx2) {
    int32_t i = 0;
    for (; i + 8 <= n; i += 8) _mm256_storeu_ps(gate + i, silu_times_avx2(_mm256_loadu_ps(gate + i), _mm256_loadu_ps(up + i)));
    if (i < n) {
        float g[8] = {0}, u[8] = {0};
        for (int32_t j = i; j < n; j++) {
            g[j - i] = gate[j];
            u[j - i] = up[j];
        }
        _mm256_storeu_ps(g, silu_times_avx2(_mm256_loadu_ps(g), _mm256_loadu_ps(u)));
        for (int32_t j = i; j < n; j++) gate[j] = g[j - i];
    }
}

OSPREY_AVXVNNI OSPREY_SWIGLU(avxvnni) {
    osprey_swiglu_avx2(gate, up, n);
}

OSPREY_AVX512 OSPREY_SWIGLU(avx512vnni) {
    for (int32_t i = 0; i < n; i += 16) {
        __mmask16 m = n - i >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << (n - i)) - 1);
        __m512 g = _mm512_maskz_loadu_ps(m, gate + i);
        __m512 e = osprey_exp_avx512(_mm512_sub_ps(_mm512_setzero_ps(), g));
        __m512 s = _mm512_div_ps(g, _mm512_add_ps(_mm512_set1_ps(1.0f), e));
        _mm512_mask_storeu_ps(gate + i, m, _mm512_mul_ps(s, _mm512_maskz_loadu_ps(m, up + i)));
    }
}
