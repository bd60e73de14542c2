/*
 * The AVX-512 VNNI panel for passes of several tokens: OSPREY_LANE_ROWS decoded weight rows are
 * transposed so that one 512-bit register holds four consecutive levels of each of the 16 rows
 * (row k in lane k), and each token's four activations are broadcast against it. One vpdpbusd then
 * advances 16 rows at once, a scale group of 16 or 32 elements takes 4 or 8 of them, and the group's
 * float work (convert, scale, accumulate) is paid once per 16 rows instead of once per row; the 16
 * results of a token come out as one vector, with no horizontal sum.
 *
 * Packed form (pack_avx512), from block_decode.h's rows v [16][cols], sc and mn [16][cols / 16]:
 *   wi  uint8 [cols / 4][16][4]  v + 128 (vpdpbusd's unsigned operand), four levels of row k in lane k
 *   sct float [cols / G][16]     each group's scale per row (G = 16, or 32 when pairs of groups share one)
 *   mnt float [cols / G][16]     the same for the offsets (only when the type has them)
 * Per group of token t with levels X, block scale D and level sum S = sum(X):
 *   dot(v + 128, X) - 128 S = dot(v, X);  out += sc * D * dot(v, X) + mn * D * S.
 */
#include "kernels_internal.h"
#include "lane_transpose.h"
#include "osprey_kernels.h"
#include "x86_simd.h"

/* Tokens whose accumulators stay in registers while a panel streams by. */
#define LANE_TOKENS 8

/* Rows v [16][cols] -> wi [cols / 4][16][4], each byte plus 128 (cols % 16 == 0). */
OSPREY_AVX512 OSPREY_INLINE void pack_levels_avx512(const int8_t *v, int32_t cols, uint8_t *wi) {
    const __m512i flip = _mm512_set1_epi8((char)0x80);
    const uint8_t *rows[16];
    for (int k = 0; k < 16; k++) rows[k] = (const uint8_t *)v + (int64_t)k * cols;
    __m512i *out = (__m512i *)wi;
    for (int32_t c = 0; c < cols; c += 16) {
        __m512i a[4], col[4];
        load_rows4(rows, c, a);
        transpose_rows4(a, col);
#pragma GCC unroll 4
        for (int m = 0; m < 4; m++) _mm512_store_si512(out + c / 4 + m, _mm512_xor_si512(col[m], flip));
    }
}

/* src [16][groups] -> dst [groups / step][16], taking every step-th group. */
static inline void pack_groups(const float *src, int32_t groups, int step, float *dst) {
    for (int32_t g = 0, j = 0; g < groups; g += step, j++)
        for (int k = 0; k < 16; k++) dst[(int64_t)j * 16 + k] = src[(int64_t)k * groups + g];
}

/* NT tokens (NT <= LANE_TOKENS, a constant where inlined) against the packed panel. */
OSPREY_AVX512 OSPREY_INLINE void lane_tile_avx512(const uint8_t *wi, const float *sct, const float *mnt, const int has_min,
                                                  const int G, const int NT, int32_t cols, const int8_t *xq,
                                                  const float *xd, const int32_t *xs, float *out, int32_t out_stride,
                                                  __mmask16 rows) {
    const int32_t nb = cols / 32;
    const int32_t groups = cols / 16;
    const int32_t ng = cols / G;
    __m512 acc[LANE_TOKENS];
#pragma GCC unroll 8
    for (int t = 0; t < NT; t++) acc[t] = _mm512_setzero_ps();
    for (int32_t g = 0; g < ng; g++) {
        const __m512i *w = (const __m512i *)(wi + (int64_t)g * G * 16);
        __m512i wv[8];
#pragma GCC unroll 8
        for (int j = 0; j < G / 4; j++) wv[j] = _mm512_load_si512(w + j);
        const __m512 s = _mm512_load_ps(sct + (int64_t)g * 16);
        const __m512 m = has_min ? _mm512_load_ps(mnt + (int64_t)g * 16) : _mm512_setzero_ps();
#pragma GCC unroll 8
        for (int t = 0; t < NT; t++) {
            const int8_t *x = xq + (int64_t)t * cols + (int64_t)g * G;
            const int32_t *st = xs + (int64_t)t * groups + (int64_t)g * (G / 16);
            const int32_t sum = G == 32 ? st[0] + st[1] : st[0];
            const float d = xd[(int64_t)t * nb + (int64_t)g * G / 32];
            __m512i dot = _mm512_set1_epi32(-128 * sum);
#pragma GCC unroll 8
            for (int j = 0; j < G / 4; j++) {
                int32_t x4;
                __builtin_memcpy(&x4, x + 4 * j, 4);
                dot = _mm512_dpbusd_epi32(dot, wv[j], _mm512_set1_epi32(x4));
            }
            acc[t] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(dot), _mm512_mul_ps(s, _mm512_set1_ps(d)), acc[t]);
            if (has_min) acc[t] = _mm512_fmadd_ps(m, _mm512_set1_ps(d * (float)sum), acc[t]);
        }
    }
#pragma GCC unroll 8
    for (int t = 0; t < NT; t++) _mm512_mask_storeu_ps(out + (int64_t)t * out_stride, rows, acc[t]);
}

OSPREY_AVX512 OSPREY_INLINE void lane_tokens_avx512(const uint8_t *wi, const float *sct, const float *mnt,
                                                    const int has_min, const int G, int32_t cols, const int8_t *xq,
                                                    const float *xd, const int32_t *xs, int32_t n_tokens, float *out,
                                                    int32_t out_stride, __mmask16 rows) {
    int32_t t = 0;
#define LANE_TILE(NT)                                                                                               \
    lane_tile_avx512(wi, sct, mnt, has_min, G, NT, cols, xq + (int64_t)t * cols, xd + (int64_t)t * (cols / 32),     \
                     xs + (int64_t)t * (cols / 16), out + (int64_t)t * out_stride, out_stride, rows)
    for (; t + LANE_TOKENS <= n_tokens; t += LANE_TOKENS) LANE_TILE(LANE_TOKENS);
    switch (n_tokens - t) {
    case 7: LANE_TILE(7); break;
    case 6: LANE_TILE(6); break;
    case 5: LANE_TILE(5); break;
    case 4: LANE_TILE(4); break;
    case 3: LANE_TILE(3); break;
    case 2: LANE_TILE(2); break;
    case 1: LANE_TILE(1); break;
    default: break;
    }
#undef LANE_TILE
}

/* The packed panel (wi, sct, mnt as above, G = 32 when pairs) x every token; rows: the lanes to store. */
OSPREY_AVX512 void osprey_lane_dot_avx512vnni(const uint8_t *wi, const float *sct, const float *mnt, int has_min,
                                              int pairs, int32_t cols, const int8_t *xq, const float *xd,
                                              const int32_t *xs, int32_t n_tokens, float *out, int32_t out_stride,
                                              int nr) {
    const __mmask16 rows = (__mmask16)((1u << nr) - 1);
    if (pairs) {
        if (has_min) lane_tokens_avx512(wi, sct, mnt, 1, 32, cols, xq, xd, xs, n_tokens, out, out_stride, rows);
        else lane_tokens_avx512(wi, sct, mnt, 0, 32, cols, xq, xd, xs, n_tokens, out, out_stride, rows);
    } else {
        if (has_min) lane_tokens_avx512(wi, sct, mnt, 1, 16, cols, xq, xd, xs, n_tokens, out, out_stride, rows);
        else lane_tokens_avx512(wi, sct, mnt, 0, 16, cols, xq, xd, xs, n_tokens, out, out_stride, rows);
    }
}

OSPREY_AVX512 void osprey_lane_panel_avx512vnni(int8_t *v, float *sc, float *mn, int nr, int has_min, int pairs,
                                                int32_t cols, const int8_t *xq, const float *xd, const int32_t *xs,
                                                int32_t n_tokens, float *out, int32_t out_stride, uint8_t *pack) {
    const int32_t groups = cols / 16;
    for (int k = nr; k < OSPREY_LANE_ROWS; k++) {
        __builtin_memset(v + (int64_t)k * cols, 0, (size_t)cols);
        for (int32_t g = 0; g < groups; g++) sc[(int64_t)k * groups + g] = mn[(int64_t)k * groups + g] = 0.0f;
    }
    uint8_t *wi = osprey_align64(pack);
    float *sct = (float *)(wi + (int64_t)16 * cols);
    float *mnt = sct + (int64_t)groups * 16;
    pack_levels_avx512(v, cols, wi);
    const int step = pairs ? 2 : 1;
    pack_groups(sc, groups, step, sct);
    if (has_min) pack_groups(mn, groups, step, mnt);
    osprey_lane_dot_avx512vnni(wi, sct, mnt, has_min, pairs, cols, xq, xd, xs, n_tokens, out, out_stride, nr);
}
