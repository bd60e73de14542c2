/*
 * Q6_K weights x q8 activations read in place, for passes of a few tokens (decode); see fused_q4_k.c
 * for why. Half h of a super-block (elements 128h ..) is two 64-element chunks in activation order:
 * chunk 0 = [ql[0..32) low | ql[32..64) low], chunk 1 = the high nibbles, each nibble topped by its two
 * qh bits (bits 0-1, 2-3 for chunk 0; 4-5, 6-7 for chunk 1). Levels q are 0..63, value
 * d * scales[e / 16] * (q - 32): vpdpbusd takes q unsigned, and the -32 comes back once per super-block
 * as 32 * sum over groups of d * scale * xd * (group's activation sum).
 */
#include "block_decode_x86.h"
#include "kernels_internal.h"
#include "osprey_kernels.h"
#include "x86_simd.h"

#define SUPER_BYTES 210

/* 16 lanes: lane g = xd[g / 2] (each 32-block's scale for its two 16-groups). */
OSPREY_AVX512 OSPREY_INLINE __m512 groups_xd_avx512(const float *xd8) {
    return _mm512_permutexvar_ps(_mm512_setr_epi32(0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7),
                                 _mm512_castps256_ps512(_mm256_loadu_ps(xd8)));
}

OSPREY_AVX512 OSPREY_INLINE void rows_avx512(const uint8_t *row0, int64_t row_bytes, int nr, int32_t cols,
                                             const int8_t *xq, const float *xd, const int32_t *xs,
                                             int32_t n_tokens, float *out, int32_t out_stride) {
    const int32_t supers = cols / 256;
    const __m512i zero = _mm512_setzero_si512();
    const __m512i low4 = _mm512_set1_epi8(0x0F);
    const __m512i low2 = _mm512_set1_epi8(0x03);
    for (int32_t t = 0; t < n_tokens; t++) {
        const int8_t *x = xq + (int64_t)t * cols;
        const float *dx = xd + (int64_t)t * (cols / 32);
        const int32_t *sx = xs + (int64_t)t * (cols / 16);
        __m512 acc[OSPREY_ROWS];
        __m512 offsets[OSPREY_ROWS];
        for (int k = 0; k < nr; k++) {
            acc[k] = _mm512_setzero_ps();
            offsets[k] = _mm512_setzero_ps();
        }
        for (int32_t sb = 0; sb < supers; sb++) {
            __m512i xv[4];
            for (int c = 0; c < 4; c++) xv[c] = _mm512_loadu_si512(x + 256 * sb + 64 * c);
            __m512 xd16 = groups_xd_avx512(dx + 8 * sb);
            __m512 xsum16 = _mm512_mul_ps(_mm512_cvtepi32_ps(_mm512_loadu_si512(sx + 16 * sb)), xd16);
            for (int k = 0; k < nr; k++) {
                const uint8_t *blk = row0 + k * row_bytes + (int64_t)sb * SUPER_BYTES;
                osprey_prefetch(blk + OSPREY_PREFETCH_BYTES);
                __m512 d = _mm512_set1_ps(osprey_f16(blk + 208));
                __m512 sc16 = _mm512_mul_ps(d, _mm512_cvtepi32_ps(_mm512_cvtepi8_epi32(
                                                   _mm_loadu_si128((const __m128i *)(blk + 192)))));
                offsets[k] = _mm512_fmadd_ps(sc16, xsum16, offsets[k]);
                __m512 scx16 = _mm512_mul_ps(sc16, xd16);
                for (int half = 0; half < 2; half++) {
                    __m512i ql = _mm512_loadu_si512(blk + 64 * half);
                    __m256i qh = _mm256_loadu_si256((const __m256i *)(blk + 128 + 32 * half));
                    __m512i qh2 = _mm512_inserti64x4(_mm512_castsi256_si512(qh), _mm256_srli_epi16(qh, 2), 1);
                    __m512i chunk[2];
                    chunk[0] = _mm512_or_si512(_mm512_and_si512(ql, low4),
                                               _mm512_slli_epi16(_mm512_and_si512(qh2, low2), 4));
                    chunk[1] = _mm512_or_si512(_mm512_and_si512(_mm512_srli_epi16(ql, 4), low4),
                                               _mm512_slli_epi16(_mm512_and_si512(_mm512_srli_epi16(qh2, 4), low2), 4));
                    for (int part = 0; part < 2; part++) {
                        int c = 2 * half + part;
                        __m512i dot = _mm512_dpbusd_epi32(zero, chunk[part], xv[c]);
                        __m512i lanes = _mm512_srli_epi32(_mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), 2);
                        lanes = _mm512_add_epi32(lanes, _mm512_set1_epi32(4 * c));
                        acc[k] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(dot), _mm512_permutexvar_ps(lanes, scx16), acc[k]);
                    }
                }
            }
        }
        for (int k = 0; k < nr; k++)
            out[(int64_t)t * out_stride + k] = _mm512_reduce_add_ps(acc[k]) - 32.0f * _mm512_reduce_add_ps(offsets[k]);
    }
}

OSPREY_AVX512 void osprey_fused_q6_k_avx512vnni(const uint8_t *w, int32_t cols, int32_t row_start, int32_t row_end,
                                                const int8_t *xq, const float *xd, const int32_t *xs,
                                                int32_t n_tokens, float *out, int32_t out_stride) {
    int64_t row_bytes = (int64_t)(cols / 256) * SUPER_BYTES;
    int32_t r = row_start;
    for (; r + OSPREY_ROWS <= row_end; r += OSPREY_ROWS) {
        rows_avx512(w + r * row_bytes, row_bytes, OSPREY_ROWS, cols, xq, xd, xs, n_tokens, out + r, out_stride);
    }
    for (; r < row_end; r++) {
        rows_avx512(w + r * row_bytes, row_bytes, 1, cols, xq, xd, xs, n_tokens, out + r, out_stride);
    }
}
