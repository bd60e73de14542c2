/*
 * Q4_0 into lane_panel.c's packed form straight from the weights: each 32-element block of 16 rows is
 * read with 32-bit gathers (lane k from row k), so levels arrive already transposed and the scales as
 * one vector; nothing is decoded into rows first. While panel p is packed, panel p + 1 (the next 16
 * rows, contiguous in memory) is prefetched a slice per block. Measured on a Zen 4 core (8 tokens):
 * 1.27x the decoded route for Q4_0 (5 gathers a block); Q8_0 needs 9 a block and lost to decoding
 * (0.75x), so it stays on the decoded route.
 */
#include "kernels_internal.h"
#include "osprey_kernels.h"
#include "x86_simd.h"

/* Lane k's offset from row 0: k * row_bytes; lanes at or past nr are masked off (they read nothing). */
OSPREY_AVX512 OSPREY_INLINE __m512i row_offsets(int64_t row_bytes) {
    return _mm512_mullo_epi32(_mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
                              _mm512_set1_epi32((int32_t)row_bytes));
}

/* The f16 at p + offsets[k] for each lane k in m (0 elsewhere), widened. */
OSPREY_AVX512 OSPREY_INLINE __m512 gather_f16(const uint8_t *p, __m512i offsets, __mmask16 m) {
    __m512i raw = _mm512_mask_i32gather_epi32(_mm512_setzero_si512(), m, offsets, p, 1);
    return _mm512_cvtph_ps(_mm512_cvtepi32_epi16(raw));
}

OSPREY_AVX512 OSPREY_INLINE __m512i gather_u32(const uint8_t *p, __m512i offsets, __mmask16 m) {
    return _mm512_mask_i32gather_epi32(_mm512_setzero_si512(), m, offsets, p, 1);
}

/*
 * The driver: for each panel of 16 rows, PACK_BLOCK(block_ptr, offsets, m, wi_block, sct_block) packs
 * 32-element block b of every row, then the panel runs through osprey_lane_dot_avx512vnni.
 */
#define LANE_MATMUL(type, BLOCK_BYTES, PACK_BLOCK)                                                                    \
    OSPREY_AVX512 OSPREY_LANE_MATMUL(type) {                                                                         \
        const int32_t nb = cols / 32;                                                                                 \
        const int64_t row_bytes = (int64_t)nb * (BLOCK_BYTES);                                                        \
        uint8_t *wi = osprey_align64(scratch);                                                                        \
        float *sct = (float *)(wi + (int64_t)16 * cols);                                                              \
        const __m512i offsets = row_offsets(row_bytes);                                                               \
        for (int32_t r = row_start; r < row_end; r += OSPREY_LANE_ROWS) {                                             \
            const int nr = row_end - r < OSPREY_LANE_ROWS ? row_end - r : OSPREY_LANE_ROWS;                           \
            const __mmask16 m = (__mmask16)((1u << nr) - 1);                                                          \
            const uint8_t *panel = w + (int64_t)r * row_bytes;                                                        \
            const uint8_t *next = panel + OSPREY_LANE_ROWS * row_bytes;                                               \
            const int prefetch_next = r + OSPREY_LANE_ROWS < row_end;                                                 \
            for (int32_t b = 0; b < nb; b++) {                                                                        \
                if (prefetch_next) osprey_prefetch_span(next + (int64_t)b * OSPREY_LANE_ROWS * (BLOCK_BYTES),         \
                                                        OSPREY_LANE_ROWS * (BLOCK_BYTES));                           \
                PACK_BLOCK(panel + (int64_t)b * (BLOCK_BYTES), offsets, m, wi + (int64_t)b * 32 * 16,                 \
                           sct + (int64_t)b * 16);                                                                    \
            }                                                                                                         \
            osprey_lane_dot_avx512vnni(wi, sct, sct, 0, 1, cols, xq, xd, xs, n_tokens, out + r, out_stride, nr);      \
        }                                                                                                             \
    }

/* Q4_0 { f16 d; u8 qs[16]; }: element j is the low nibble of qs[j], j + 16 the high one; level q - 8, stored + 128. */
OSPREY_AVX512 OSPREY_INLINE void pack_block_q4_0(const uint8_t *blk, __m512i offsets, __mmask16 m, uint8_t *wi,
                                                 float *sct) {
    const __m512i nibble = _mm512_set1_epi8(0x0F);
    const __m512i bias = _mm512_set1_epi8(120);
    _mm512_store_ps(sct, gather_f16(blk, offsets, m));
    __m512i *out = (__m512i *)wi;
#pragma GCC unroll 4
    for (int j = 0; j < 4; j++) {
        __m512i q = gather_u32(blk + 2 + 4 * j, offsets, m);
        _mm512_store_si512(out + j, _mm512_add_epi8(_mm512_and_si512(q, nibble), bias));
        _mm512_store_si512(out + 4 + j, _mm512_add_epi8(_mm512_and_si512(_mm512_srli_epi16(q, 4), nibble), bias));
    }
}

LANE_MATMUL(q4_0, OSPREY_Q4_0_BLOCK_BYTES, pack_block_q4_0)
