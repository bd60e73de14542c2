/*
 * Q4_0 weights x q8 activations (osprey_kernels.h). With u the unsigned nibble, a block's dot is
 * sum((u - 8) * x) = sum(u * x) - 8 * sum(x): the unsigned-by-signed byte product the x86
 * instructions take, corrected by the activation block sums. Passes as in matmul_q8_0.c.
 */
#include "osprey_kernels.h"
#include "kernels_internal.h"
#include "offset_rows_avx2.h"
#include "x86_simd.h"

#define BLOCK OSPREY_Q4_0_BLOCK_BYTES

void osprey_fused_q4_0_ref(const uint8_t *w, int32_t cols, int32_t row_start, int32_t row_end,
                            const int8_t *xq, const float *xd, const int32_t *xs, int32_t n_tokens,
                            float *out, int32_t out_stride) {
    int32_t nb = cols / OSPREY_QK;
    for (int32_t r = row_start; r < row_end; r++) {
        const uint8_t *row = w + (int64_t)r * nb * BLOCK;
        for (int32_t t = 0; t < n_tokens; t++) {
            const int8_t *x = xq + (int64_t)t * cols;
            float sum = 0.0f;
            for (int32_t b = 0; b < nb; b++) {
                const uint8_t *blk = row + (int64_t)b * BLOCK;
                const int8_t *xb = x + b * OSPREY_QK;
                int32_t dot = 0;
                for (int i = 0; i < OSPREY_QK / 2; i++) {
                    dot += (blk[2 + i] & 0x0F) * xb[i] + (blk[2 + i] >> 4) * xb[i + OSPREY_QK / 2];
                }
                dot -= 8 * (xs[(int64_t)t * 2 * nb + 2 * b] + xs[(int64_t)t * 2 * nb + 2 * b + 1]);
                sum += osprey_f16_to_f32_ref(osprey_load_u16(blk)) * xd[(int64_t)t * nb + b] * (float)dot;
            }
            out[(int64_t)t * out_stride + r] = sum;
        }
    }
}

#define Q4_0_LEVELS(blk) nibbles32((blk) + 2)
OFFSET_ROWS_AVX2(BLOCK, Q4_0_LEVELS, 8)

OSPREY_FUSED_DRIVER(q4_0, avx2, OSPREY_AVX2, (int64_t)(cols / OSPREY_QK) * BLOCK, rows_avx2)

/*
 * Two blocks per 512-bit step. Their 2 x 16 quant bytes sit in one ymm, widened to nibbles as
 * [b low | b+1 low | b high | b+1 high] (128-bit lanes); the activations' lanes are reordered the
 * same way once per token and block pair, so the pass's rows need no shuffles. vpdpbusd accumulates
 * onto -8 * (sum of each 4 activation bytes), also shared by the rows, so each int32 lane ends as
 * sum((u - 8) * x) over its 4 elements: lanes 0..3 and 8..11 of block b, 4..7 and 12..15 of b + 1.
 */
OSPREY_AVX512 OSPREY_INLINE __m512i nibbles_pair_avx512(const uint8_t *blk) {
    __m256i q = _mm256_inserti128_si256(_mm256_castsi128_si256(_mm_loadu_si128((const __m128i *)(blk + 2))),
                                        _mm_loadu_si128((const __m128i *)(blk + BLOCK + 2)), 1);
    __m512i both = _mm512_inserti64x4(_mm512_castsi256_si512(q), _mm256_srli_epi16(q, 4), 1);
    return _mm512_and_si512(both, _mm512_set1_epi8(0x0F));
}

OSPREY_AVX512 OSPREY_INLINE void rows_avx512(const uint8_t *row0, int64_t row_bytes, int nr, int32_t cols,
                                             const int8_t *xq, const float *xd, const int32_t *xs,
                                             int32_t n_tokens, float *out, int32_t out_stride) {
    int32_t nb = cols / OSPREY_QK;
    const __m512i zero = _mm512_setzero_si512();
    const __m512i eights = _mm512_set1_epi8(8);
    /* the lane order above: blocks b, b + 1, b, b + 1 by groups of 4 lanes */
    const __m512i lanes = _mm512_setr_epi32(0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1);
    for (int32_t t = 0; t < n_tokens; t++) {
        const int8_t *x = xq + (int64_t)t * cols;
        const float *dx = xd + (int64_t)t * nb;
        __m512 acc[OSPREY_ROWS];
        for (int k = 0; k < nr; k++) acc[k] = _mm512_setzero_ps();
        int32_t b = 0;
        for (; b + 2 <= nb; b += 2) {
            __m512i xv = _mm512_shuffle_i64x2(_mm512_loadu_si512(x + b * OSPREY_QK),
                                              _mm512_loadu_si512(x + b * OSPREY_QK), _MM_SHUFFLE(3, 1, 2, 0));
            __m512i bias = _mm512_sub_epi32(zero, _mm512_dpbusd_epi32(zero, eights, xv));
            __m128 xd2 = _mm_castsi128_ps(_mm_loadl_epi64((const __m128i *)(dx + b)));
            for (int k = 0; k < nr; k++) {
                const uint8_t *blk = row0 + k * row_bytes + (int64_t)b * BLOCK;
                osprey_prefetch(blk + OSPREY_PREFETCH_BYTES);
                __m512i dot = _mm512_dpbusd_epi32(bias, nibbles_pair_avx512(blk), xv);
                __m512 s = osprey_scale_pair512(blk, blk + BLOCK, xd2, lanes);
                acc[k] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(dot), s, acc[k]);
            }
        }
        float tail[OSPREY_ROWS] = {0};
        if (b < nb) {
            __m256i xv = _mm256_loadu_si256((const __m256i *)(x + b * OSPREY_QK));
            int32_t xsum = xs[(int64_t)t * 2 * nb + 2 * b] + xs[(int64_t)t * 2 * nb + 2 * b + 1];
            for (int k = 0; k < nr; k++) {
                const uint8_t *blk = row0 + k * row_bytes + (int64_t)b * BLOCK;
                __m256 p = _mm256_cvtepi32_ps(osprey_dot_u4_avx2(nibbles32(blk + 2), xv));
                tail[k] = (osprey_hsum256(p) - 8.0f * (float)xsum) * (osprey_f16(blk) * dx[b]);
            }
        }
        for (int k = 0; k < nr; k++) out[(int64_t)t * out_stride + k] = _mm512_reduce_add_ps(acc[k]) + tail[k];
    }
}

OSPREY_FUSED_DRIVER(q4_0, avx512vnni, OSPREY_AVX512, (int64_t)(cols / OSPREY_QK) * BLOCK, rows_avx512)
