/*
 * The AVX2 decode pass shared by the 32-element types whose value is d * (u - OFFSET) with d the
 * block's leading f16 and u unsigned levels (Q4_0: nibbles, OFFSET 8; Q5_0: five bits, OFFSET 16):
 * maddubs on u against the signed activations, OFFSET * sum(x) * scale kept per row as a float.
 * OFFSET_ROWS_AVX2 defines rows_avx2 for OSPREY_FUSED_DRIVER; UNPACK(blk) gives the 32 levels.
 */
#ifndef OSPREY_OFFSET_ROWS_AVX2_H
#define OSPREY_OFFSET_ROWS_AVX2_H

#include "block_decode_x86.h"
#include "osprey_kernels.h"
#include "x86_simd.h"

#define OFFSET_ROWS_AVX2(BLOCK_BYTES, UNPACK, OFFSET)                                                        \
    OSPREY_AVX2 OSPREY_INLINE void rows_avx2(const uint8_t *row0, int64_t row_bytes, int nr, int32_t cols,    \
                                             const int8_t *xq, const float *xd, const int32_t *xs,           \
                                             int32_t n_tokens, float *out, int32_t out_stride) {             \
        const int32_t nb = cols / OSPREY_QK;                                                                 \
        const __m256i ones = _mm256_set1_epi16(1);                                                           \
        for (int32_t t = 0; t < n_tokens; t++) {                                                             \
            const int8_t *x = xq + (int64_t)t * cols;                                                        \
            const float *dx = xd + (int64_t)t * nb;                                                          \
            const int32_t *sx = xs + (int64_t)t * 2 * nb;                                                    \
            __m256 acc[OSPREY_ROWS];                                                                         \
            float offset[OSPREY_ROWS];                                                                       \
            for (int k = 0; k < nr; k++) {                                                                   \
                acc[k] = _mm256_setzero_ps();                                                                \
                offset[k] = 0.0f;                                                                            \
            }                                                                                                \
            for (int32_t b = 0; b < nb; b++) {                                                               \
                __m256i xv = _mm256_loadu_si256((const __m256i *)(x + b * OSPREY_QK));                       \
                float xsum = (float)(sx[2 * b] + sx[2 * b + 1]);                                             \
                for (int k = 0; k < nr; k++) {                                                               \
                    const uint8_t *blk = row0 + k * row_bytes + (int64_t)b * (BLOCK_BYTES);                  \
                    osprey_prefetch(blk + OSPREY_PREFETCH_BYTES);                                            \
                    float s = osprey_f16(blk) * dx[b];                                                       \
                    __m256i p = _mm256_madd_epi16(_mm256_maddubs_epi16(UNPACK(blk), xv), ones);              \
                    acc[k] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(p), _mm256_set1_ps(s), acc[k]);              \
                    offset[k] += s * xsum;                                                                   \
                }                                                                                            \
            }                                                                                                \
            for (int k = 0; k < nr; k++)                                                                     \
                out[(int64_t)t * out_stride + k] = osprey_hsum256(acc[k]) - (float)(OFFSET) * offset[k];     \
        }                                                                                                    \
    }

#endif
