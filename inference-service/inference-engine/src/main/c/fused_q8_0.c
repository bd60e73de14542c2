/*
 * Q8_0 weights x q8 activations (osprey_kernels.h). A pass takes OSPREY_ROWS weight rows and runs
 * every token through them, so a batch reads each weight row from memory once; each activation
 * block is loaded once per pass and dotted with all of its rows.
 */
#include "osprey_kernels.h"
#include "kernels_internal.h"
#include "x86_simd.h"

#define BLOCK OSPREY_Q8_0_BLOCK_BYTES

void osprey_fused_q8_0_ref(const uint8_t *w, int32_t cols, int32_t row_start, int32_t row_end,
                            const int8_t *xq, const float *xd, const int32_t *xs, int32_t n_tokens,
                            float *out, int32_t out_stride) {
    (void)xs;
    int32_t nb = cols / OSPREY_QK;
    for (int32_t r = row_start; r < row_end; r++) {
        const uint8_t *row = w + (int64_t)r * nb * BLOCK;
        for (int32_t t = 0; t < n_tokens; t++) {
            const int8_t *x = xq + (int64_t)t * cols;
            float sum = 0.0f;
            for (int32_t b = 0; b < nb; b++) {
                const uint8_t *blk = row + (int64_t)b * BLOCK;
                const int8_t *q = (const int8_t *)(blk + 2);
                int32_t dot = 0;
                for (int i = 0; i < OSPREY_QK; i++) {
                    dot += q[i] * x[b * OSPREY_QK + i];
                }
                sum += osprey_f16_to_f32_ref(osprey_load_u16(blk)) * xd[(int64_t)t * nb + b] * (float)dot;
            }
            out[(int64_t)t * out_stride + r] = sum;
        }
    }
}

OSPREY_AVX2 OSPREY_INLINE void rows_avx2(const uint8_t *row0, int64_t row_bytes, int nr, int32_t cols,
                                         const int8_t *xq, const float *xd, const int32_t *xs, int32_t n_tokens,
                                         float *out, int32_t out_stride) {
    (void)xs;
    int32_t nb = cols / OSPREY_QK;
    for (int32_t t = 0; t < n_tokens; t++) {
        const int8_t *x = xq + (int64_t)t * cols;
        const float *dx = xd + (int64_t)t * nb;
        __m256 acc[OSPREY_ROWS];
        for (int k = 0; k < nr; k++) acc[k] = _mm256_setzero_ps();
        for (int32_t b = 0; b < nb; b++) {
            __m256i xv = _mm256_loadu_si256((const __m256i *)(x + b * OSPREY_QK));
            for (int k = 0; k < nr; k++) {
                const uint8_t *blk = row0 + k * row_bytes + (int64_t)b * BLOCK;
                osprey_prefetch(blk + OSPREY_PREFETCH_BYTES);
                __m256i wv = _mm256_loadu_si256((const __m256i *)(blk + 2));
                __m256 s = _mm256_set1_ps(osprey_f16(blk) * dx[b]);
                acc[k] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(osprey_dot_i8_avx2(wv, xv)), s, acc[k]);
            }
        }
        for (int k = 0; k < nr; k++) out[(int64_t)t * out_stride + k] = osprey_hsum256(acc[k]);
    }
}

OSPREY_FUSED_DRIVER(q8_0, avx2, OSPREY_AVX2, (int64_t)(cols / OSPREY_QK) * BLOCK, rows_avx2)

/*
 * Two blocks per 512-bit step; an odd last block in 256 bits. vpdpbusd multiplies unsigned by signed
 * bytes: with u = x + 128 (x xor 0x80, once per token and block pair), dot(u, w) - 128 * sum(w) is
 * dot(x, w). Lanes 0..7 hold block b, lanes 8..15 block b + 1.
 */
OSPREY_AVX512 OSPREY_INLINE void rows_avx512(const uint8_t *row0, int64_t row_bytes, int nr, int32_t cols,
                                             const int8_t *xq, const float *xd, const int32_t *xs, int32_t n_tokens,
                                             float *out, int32_t out_stride) {
    (void)xs;
    int32_t nb = cols / OSPREY_QK;
    const __m512i zero = _mm512_setzero_si512();
    const __m512i flip = _mm512_set1_epi8((char)0x80);
    const __m512i lanes = _mm512_setr_epi32(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1);
    for (int32_t t = 0; t < n_tokens; t++) {
        const int8_t *x = xq + (int64_t)t * cols;
        const float *dx = xd + (int64_t)t * nb;
        __m512 acc[OSPREY_ROWS];
        for (int k = 0; k < nr; k++) acc[k] = _mm512_setzero_ps();
        int32_t b = 0;
        for (; b + 2 <= nb; b += 2) {
            __m512i xu = _mm512_xor_si512(_mm512_loadu_si512(x + b * OSPREY_QK), flip);
            __m128 xd2 = _mm_castsi128_ps(_mm_loadl_epi64((const __m128i *)(dx + b)));
            for (int k = 0; k < nr; k++) {
                const uint8_t *blk = row0 + k * row_bytes + (int64_t)b * BLOCK;
                osprey_prefetch(blk + OSPREY_PREFETCH_BYTES);
                __m512i wv = _mm512_inserti64x4(
                    _mm512_castsi256_si512(_mm256_loadu_si256((const __m256i *)(blk + 2))),
                    _mm256_loadu_si256((const __m256i *)(blk + BLOCK + 2)), 1);
                __m512i dot = _mm512_sub_epi32(_mm512_dpbusd_epi32(zero, xu, wv), _mm512_dpbusd_epi32(zero, flip, wv));
                __m512 s = osprey_scale_pair512(blk, blk + BLOCK, xd2, lanes);
                acc[k] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(dot), s, acc[k]);
            }
        }
        float tail[OSPREY_ROWS] = {0};
        if (b < nb) {
            __m256i xv = _mm256_loadu_si256((const __m256i *)(x + b * OSPREY_QK));
            for (int k = 0; k < nr; k++) {
                const uint8_t *blk = row0 + k * row_bytes + (int64_t)b * BLOCK;
                __m256i wv = _mm256_loadu_si256((const __m256i *)(blk + 2));
                __m256 p = _mm256_cvtepi32_ps(osprey_dot_i8_avx2(wv, xv));
                tail[k] = osprey_hsum256(p) * (osprey_f16(blk) * dx[b]);
            }
        }
        for (int k = 0; k < nr; k++) out[(int64_t)t * out_stride + k] = _mm512_reduce_add_ps(acc[k]) + tail[k];
    }
}

OSPREY_FUSED_DRIVER(q8_0, avx512vnni, OSPREY_AVX512, (int64_t)(cols / OSPREY_QK) * BLOCK, rows_avx512)
