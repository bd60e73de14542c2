/*
 * Q5_0 weights x q8 activations read in place, for passes of a few tokens (decode): Q5_0 carries the
 * 896-wide tensors of a Q4_K_M Qwen2.5-0.5B (llama-quantize's fallback), so it is as hot there as
 * Q4_K. Like fused_q4_0.c's AVX-512 path, a block pair's nibbles sit as [b low | b+1 low | b high |
 * b+1 high] against activations reordered the same way; the fifth bits, bit i of each block's qh for
 * its element i, become one 64-bit byte mask in that order and add 0x10 to their bytes. Levels are
 * q - 16: vpdpbusd accumulates onto -16 * (sum of each 4 activation bytes), shared by the rows.
 */
#include "block_decode_x86.h"
#include "kernels_internal.h"
#include "osprey_kernels.h"
#include "offset_rows_avx2.h"
#include "x86_simd.h"

#define BLOCK 22

/* Fifth bits of blocks a and b (qh words) in the lane order [a 0..15 | b 0..15 | a 16..31 | b 16..31]. */
static inline uint64_t fifth_bits(uint32_t a, uint32_t b) {
    return (uint64_t)(a & 0xFFFFu) | (uint64_t)(b & 0xFFFFu) << 16 | (uint64_t)(a >> 16) << 32 | (uint64_t)(b >> 16) << 48;
}

OSPREY_AVX512 OSPREY_INLINE void rows_avx512(const uint8_t *row0, int64_t row_bytes, int nr, int32_t cols,
                                             const int8_t *xq, const float *xd, const int32_t *xs, int32_t n_tokens, float *out,
                                             int32_t out_stride) {
    (void)xs;
    const int32_t nb = cols / OSPREY_QK;
    const __m512i zero = _mm512_setzero_si512();
    const __m512i sixteens = _mm512_set1_epi8(16);
    const __m512i low4 = _mm512_set1_epi8(0x0F);
    const __m512i lanes = _mm512_setr_epi32(0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1);
    for (int32_t t = 0; t < n_tokens; t++) {
        const int8_t *x = xq + (int64_t)t * cols;
        const float *dx = xd + (int64_t)t * nb;
        __m512 acc[OSPREY_ROWS];
        float tail[OSPREY_ROWS] = {0};
        for (int k = 0; k < nr; k++) acc[k] = _mm512_setzero_ps();
        int32_t b = 0;
        for (; b + 2 <= nb; b += 2) {
            __m512i raw = _mm512_loadu_si512(x + b * OSPREY_QK);
            __m512i xv = _mm512_shuffle_i64x2(raw, raw, _MM_SHUFFLE(3, 1, 2, 0));
            __m512i bias = _mm512_sub_epi32(zero, _mm512_dpbusd_epi32(zero, sixteens, xv));
            __m128 xd2 = _mm_castsi128_ps(_mm_loadl_epi64((const __m128i *)(dx + b)));
            for (int k = 0; k < nr; k++) {
                const uint8_t *blk = row0 + k * row_bytes + (int64_t)b * BLOCK;
                osprey_prefetch(blk + OSPREY_PREFETCH_BYTES);
                __m256i q = _mm256_inserti128_si256(_mm256_castsi128_si256(_mm_loadu_si128((const __m128i *)(blk + 6))),
                                                    _mm_loadu_si128((const __m128i *)(blk + BLOCK + 6)), 1);
                __m512i u = _mm512_and_si512(_mm512_inserti64x4(_mm512_castsi256_si512(q), _mm256_srli_epi16(q, 4), 1), low4);
                u = _mm512_mask_add_epi8(u, fifth_bits(osprey_load_u32(blk + 2), osprey_load_u32(blk + BLOCK + 2)), u, sixteens);
                __m512i dot = _mm512_dpbusd_epi32(bias, u, xv);
                __m512 s = osprey_scale_pair512(blk, blk + BLOCK, xd2, lanes);
                acc[k] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(dot), s, acc[k]);
            }
        }
        if (b < nb) {
            for (int k = 0; k < nr; k++) {
                const uint8_t *blk = row0 + k * row_bytes + (int64_t)b * BLOCK;
                int8_t v[32];
                float sc[2], mn[2];
                decode_q5_0_x86(blk, v, sc, mn);
                int32_t dot = 0;
                for (int i = 0; i < OSPREY_QK; i++) dot += v[i] * x[b * OSPREY_QK + i];
                tail[k] = sc[0] * dx[b] * (float)dot;
            }
        }
        for (int k = 0; k < nr; k++) out[(int64_t)t * out_stride + k] = _mm512_reduce_add_ps(acc[k]) + tail[k];
    }
}

#define Q5_0_LEVELS(blk) _mm256_or_si256(nibbles32((blk) + 6), _mm256_slli_epi16(bits32((blk) + 2), 4))
OFFSET_ROWS_AVX2(BLOCK, Q5_0_LEVELS, 16)

OSPREY_FUSED_DRIVER(q5_0, avx2, OSPREY_AVX2, (int64_t)(cols / OSPREY_QK) * BLOCK, rows_avx2)

OSPREY_FUSED_DRIVER(q5_0, avx512vnni, OSPREY_AVX512, (int64_t)(cols / OSPREY_QK) * BLOCK, rows_avx512)
