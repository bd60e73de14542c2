/*
 * Q4_0 and Q8_0 into lane_panel.c's packed form straight from the weights: each 32-element block of 16 rows is
 * loaded 16 bytes a row, four rows to a register, and transposed in registers, so nothing is decoded
 * into rows first. While panel p is packed, panel p + 1 (the next 16 rows, contiguous in memory) is
 * prefetched a slice per block.
 */
#include "kernels_internal.h"
#include "lane_transpose.h"
#include "osprey_kernels.h"
#include "x86_simd.h"

/* The 16 rows' f16 at row[k] + at, widened (lane k = row k). */
OSPREY_AVX512 OSPREY_INLINE __m512 load_f16_rows(const uint8_t *const row[16], int64_t at) {
    uint16_t h[16];
#pragma GCC unroll 16
    for (int k = 0; k < 16; k++) h[k] = osprey_load_u16(row[k] + at);
    return _mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)h));
}

/*
 * The driver: for each panel of 16 rows (rows past the matrix read row 0 again; their lanes are never
 * stored), PACK_BLOCK(rows, at, wi_block, sct_block) packs the 32-element block at byte at of every
 * row, then the panel runs through osprey_lane_dot_avx512vnni.
 */
#define LANE_MATMUL(type, BLOCK_BYTES, PACK_BLOCK)                                                                    \
    OSPREY_AVX512 OSPREY_LANE_MATMUL(type) {                                                                         \
        const int32_t nb = cols / 32;                                                                                 \
        const int64_t row_bytes = (int64_t)nb * (BLOCK_BYTES);                                                        \
        uint8_t *wi = osprey_align64(scratch);                                                                        \
        float *sct = (float *)(wi + (int64_t)16 * cols);                                                              \
        for (int32_t r = row_start; r < row_end; r += OSPREY_LANE_ROWS) {                                             \
            const int nr = row_end - r < OSPREY_LANE_ROWS ? row_end - r : OSPREY_LANE_ROWS;                           \
            const uint8_t *panel = w + (int64_t)r * row_bytes;                                                        \
            const uint8_t *rows[OSPREY_LANE_ROWS];                                                                    \
            for (int k = 0; k < OSPREY_LANE_ROWS; k++) rows[k] = panel + (k < nr ? k : 0) * row_bytes;                \
            const uint8_t *next = panel + OSPREY_LANE_ROWS * row_bytes;                                               \
            const int prefetch_next = r + OSPREY_LANE_ROWS < row_end;                                                 \
            for (int32_t b = 0; b < nb; b++) {                                                                        \
                if (prefetch_next) osprey_prefetch_span(next + (int64_t)b * OSPREY_LANE_ROWS * (BLOCK_BYTES),         \
                                                        OSPREY_LANE_ROWS * (BLOCK_BYTES));                           \
                PACK_BLOCK(rows, (int64_t)b * (BLOCK_BYTES), wi + (int64_t)b * 32 * 16, sct + (int64_t)b * 16);       \
            }                                                                                                         \
            osprey_lane_dot_avx512vnni(wi, sct, sct, 0, 1, cols, xq, xd, xs, n_tokens, out + r, out_stride, nr);      \
        }                                                                                                             \
    }

/* Q4_0 { f16 d; u8 qs[16]; }: element j is the low nibble of qs[j], j + 16 the high one; level q - 8, stored + 128. */
OSPREY_AVX512 OSPREY_INLINE void pack_block_q4_0(const uint8_t *const rows[16], int64_t at, uint8_t *wi, float *sct) {
    const __m512i nibble = _mm512_set1_epi8(0x0F);
    const __m512i bias = _mm512_set1_epi8(120);
    _mm512_store_ps(sct, load_f16_rows(rows, at));
    __m512i a[4], lo[4], hi[4], col[4];
    load_rows4(rows, at + 2, a);
#pragma GCC unroll 4
    for (int i = 0; i < 4; i++) {
        lo[i] = _mm512_and_si512(a[i], nibble);
        hi[i] = _mm512_and_si512(_mm512_srli_epi16(a[i], 4), nibble);
    }
    __m512i *out = (__m512i *)wi;
    transpose_rows4(lo, col);
#pragma GCC unroll 4
    for (int m = 0; m < 4; m++) _mm512_store_si512(out + m, _mm512_add_epi8(col[m], bias));
    transpose_rows4(hi, col);
#pragma GCC unroll 4
    for (int m = 0; m < 4; m++) _mm512_store_si512(out + 4 + m, _mm512_add_epi8(col[m], bias));
}

/* Q8_0 { f16 d; int8 qs[32]; }: level qs[j], stored + 128. */
OSPREY_AVX512 OSPREY_INLINE void pack_block_q8_0(const uint8_t *const rows[16], int64_t at, uint8_t *wi, float *sct) {
    const __m512i flip = _mm512_set1_epi8((char)0x80);
    _mm512_store_ps(sct, load_f16_rows(rows, at));
    __m512i a[4], col[4];
    __m512i *out = (__m512i *)wi;
#pragma GCC unroll 2
    for (int half = 0; half < 2; half++) {
        load_rows4(rows, at + 2 + 16 * half, a);
        transpose_rows4(a, col);
#pragma GCC unroll 4
        for (int m = 0; m < 4; m++) _mm512_store_si512(out + 4 * half + m, _mm512_xor_si512(col[m], flip));
    }
}

LANE_MATMUL(q4_0, OSPREY_Q4_0_BLOCK_BYTES, pack_block_q4_0)
LANE_MATMUL(q8_0, OSPREY_Q8_0_BLOCK_BYTES, pack_block_q8_0)
