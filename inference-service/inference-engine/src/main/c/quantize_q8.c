/*
 * Activations to q8 blocks (osprey_kernels.h), once per matmul: the int8 side of every integer
 * dot product. Both variants compute d = max|x| / 127, q = round-half-even(x * (1 / d)), so their
 * outputs are identical.
 */
#include <immintrin.h>
#include <math.h>

#include "osprey_kernels.h"

static void quantize_block_ref(const float *x, int8_t *q, float *d, int32_t *s) { /* s: 2 group sums */
    float amax = 0.0f;
    for (int i = 0; i < OSPREY_QK; i++) {
        amax = fmaxf(amax, fabsf(x[i]));
    }
    float scale = amax / 127.0f;
    float inv = scale != 0.0f ? 1.0f / scale : 0.0f;
    int32_t sum[2] = {0, 0};
    for (int i = 0; i < OSPREY_QK; i++) {
        int32_t v = (int32_t)nearbyintf(x[i] * inv);
        q[i] = (int8_t)v;
        sum[i / 16] += v;
    }
    *d = scale;
    s[0] = sum[0];
    s[1] = sum[1];
}

void osprey_quantize_q8_ref(const float *x, int32_t n_tokens, int32_t cols, int8_t *xq, float *xd,
                            int32_t *xs) {
    int64_t blocks = (int64_t)n_tokens * (cols / OSPREY_QK);
    for (int64_t b = 0; b < blocks; b++) {
        quantize_block_ref(x + b * OSPREY_QK, xq + b * OSPREY_QK, xd + b, xs + 2 * b);
    }
}

__attribute__((target("avx2,fma,f16c"))) static inline int32_t hsum_i32(__m256i v) {
    __m128i t4 = _mm_add_epi32(_mm256_extracti128_si256(v, 1), _mm256_castsi256_si128(v));
    t4 = _mm_add_epi32(t4, _mm_shuffle_epi32(t4, _MM_SHUFFLE(1, 0, 3, 2)));
    t4 = _mm_add_epi32(t4, _mm_shuffle_epi32(t4, _MM_SHUFFLE(2, 3, 0, 1)));
    return _mm_cvtsi128_si32(t4);
}

__attribute__((target("avx2,fma,f16c")))
void osprey_quantize_q8_avx2(const float *x, int32_t n_tokens, int32_t cols, int8_t *xq, float *xd,
                             int32_t *xs) {
    const __m256 sign_bit = _mm256_set1_ps(-0.0f);
    const __m256i order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
    int64_t blocks = (int64_t)n_tokens * (cols / OSPREY_QK);
    for (int64_t b = 0; b < blocks; b++) {
        const float *p = x + b * OSPREY_QK;
        __m256 v0 = _mm256_loadu_ps(p);
        __m256 v1 = _mm256_loadu_ps(p + 8);
        __m256 v2 = _mm256_loadu_ps(p + 16);
        __m256 v3 = _mm256_loadu_ps(p + 24);
        __m256 m = _mm256_max_ps(_mm256_max_ps(_mm256_andnot_ps(sign_bit, v0), _mm256_andnot_ps(sign_bit, v1)),
                                 _mm256_max_ps(_mm256_andnot_ps(sign_bit, v2), _mm256_andnot_ps(sign_bit, v3)));
        __m128 m4 = _mm_max_ps(_mm256_extractf128_ps(m, 1), _mm256_castps256_ps128(m));
        m4 = _mm_max_ps(m4, _mm_movehl_ps(m4, m4));
        m4 = _mm_max_ss(m4, _mm_movehdup_ps(m4));
        float amax = _mm_cvtss_f32(m4);
        float scale = amax / 127.0f;
        float inv = scale != 0.0f ? 1.0f / scale : 0.0f;
        __m256 iv = _mm256_set1_ps(inv);
        const int round = _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC;
        __m256i i0 = _mm256_cvtps_epi32(_mm256_round_ps(_mm256_mul_ps(v0, iv), round));
        __m256i i1 = _mm256_cvtps_epi32(_mm256_round_ps(_mm256_mul_ps(v1, iv), round));
        __m256i i2 = _mm256_cvtps_epi32(_mm256_round_ps(_mm256_mul_ps(v2, iv), round));
        __m256i i3 = _mm256_cvtps_epi32(_mm256_round_ps(_mm256_mul_ps(v3, iv), round));
        xs[2 * b] = hsum_i32(_mm256_add_epi32(i0, i1));
        xs[2 * b + 1] = hsum_i32(_mm256_add_epi32(i2, i3));
        /* packs interleave 128-bit lanes; the permutation restores element order */
        __m256i q = _mm256_packs_epi16(_mm256_packs_epi32(i0, i1), _mm256_packs_epi32(i2, i3));
        q = _mm256_permutevar8x32_epi32(q, order);
        _mm256_storeu_si256((__m256i *)(xq + b * OSPREY_QK), q);
        xd[b] = scale;
    }
}

/* No wider variant pays off for a pass this short; the AVX-VNNI and AVX-512 sets reuse the AVX2 one. */
void osprey_quantize_q8_avxvnni(const float *x, int32_t n_tokens, int32_t cols, int8_t *xq, float *xd,
                                int32_t *xs) {
    osprey_quantize_q8_avx2(x, n_tokens, cols, xq, xd, xs);
}

void osprey_quantize_q8_avx512vnni(const float *x, int32_t n_tokens, int32_t cols, int8_t *xq,
                                   float *xd, int32_t *xs) {
    osprey_quantize_q8_avx2(x, n_tokens, cols, xq, xd, xs);
}
