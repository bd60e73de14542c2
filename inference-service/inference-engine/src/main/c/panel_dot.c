/*
 * Decoded weight rows (block_decode.h) x q8 activations: the integer dot every quantized type shares.
 * A tile of rows x tokens is accumulated together, so each row's levels, scales and offsets are
 * loaded once per tile and each token's activations once per tile row group.
 *
 * Per 16-element group g of row r and token t, with X = xq[t], D = xd[t]:
 *   sum_i (sc[g] * v[i] + mn[g]) * D[i/32] * X[i] = sc[g] * D * dot(v, X) + mn[g] * D * sum(X)
 */
#include "osprey_kernels.h"
#include "kernels_internal.h"
#include "x86_simd.h"

void osprey_panel_dot_ref(const int8_t *v, const float *sc, const float *mn, int has_min, int nr, int32_t cols,
                          const int8_t *xq, const float *xd, const int32_t *xs, int32_t n_tokens, float *out,
                          int32_t out_stride) {
    int32_t groups = cols / 16;
    for (int k = 0; k < nr; k++) {
        for (int32_t t = 0; t < n_tokens; t++) {
            const int8_t *x = xq + (int64_t)t * cols;
            float sum = 0.0f;
            for (int32_t g = 0; g < groups; g++) {
                int32_t dot = 0;
                for (int i = 0; i < 16; i++) dot += v[(int64_t)k * cols + 16 * g + i] * x[16 * g + i];
                float d = xd[(int64_t)t * (cols / 32) + g / 2];
                sum += sc[(int64_t)k * groups + g] * d * (float)dot;
                if (has_min) sum += mn[(int64_t)k * groups + g] * d * (float)xs[(int64_t)t * groups + g];
            }
            out[(int64_t)t * out_stride + k] = sum;
        }
    }
}

/* ---- AVX2: one 32-element block per step; a 4-row x 2-token tile. ---- */

/* Lanes 0..3 = p[0], lanes 4..7 = p[1]: per-group values over the 8 int32 lanes of a block's dot. */
OSPREY_AVX2 OSPREY_INLINE __m256 groups2_avx2(const float *p) {
    __m128 two = _mm_castsi128_ps(_mm_loadl_epi64((const __m128i *)p));
    return _mm256_permutevar8x32_ps(_mm256_castps128_ps256(two), _mm256_setr_epi32(0, 0, 0, 0, 1, 1, 1, 1));
}

/*
 * The 256-bit tile, stamped out per instruction set: ROW_PREP(vv) runs once per row and block,
 * X_PREP(xv) once per token and block, DOT(row_prep, vv, x_prep) gives the block's 8 int32 lanes of
 * dot(v, x) (lane j: bytes 4j .. 4j+3, so lanes 0..3 are group 2b and 4..7 group 2b + 1).
 */
#define TILE256(isa, ATTR, ROW_PREP, X_PREP, DOT)                                                            \
    ATTR OSPREY_INLINE void tile_##isa(const int8_t *v, const float *sc, const float *mn, const int has_min,  \
                                       const int NR, const int NT, int32_t cols, const int8_t *xq,          \
                                       const float *xd, const int32_t *xs, float *out, int32_t out_stride) { \
        const int32_t nb = cols / 32;                                                                        \
        const int32_t groups = cols / 16;                                                                    \
        const __m256 quarter = _mm256_set1_ps(0.25f); /* a group's offset term lands in each of its 4 lanes */ \
        __m256 acc[OSPREY_PANEL_ROWS][2];                                                                    \
        for (int k = 0; k < NR; k++)                                                                         \
            for (int t = 0; t < NT; t++) acc[k][t] = _mm256_setzero_ps();                                    \
        for (int32_t b = 0; b < nb; b++) {                                                                   \
            __m256i xv[2];                                                                                   \
            __m256 xdv[2], xsv[2];                                                                           \
            for (int t = 0; t < NT; t++) {                                                                   \
                xv[t] = X_PREP(_mm256_loadu_si256((const __m256i *)(xq + (int64_t)t * cols + 32 * b)));      \
                xdv[t] = _mm256_set1_ps(xd[(int64_t)t * nb + b]);                                            \
                if (has_min) {                                                                               \
                    __m128i s2 = _mm_loadl_epi64((const __m128i *)(xs + (int64_t)t * groups + 2 * b));       \
                    __m256i s8 = _mm256_permutevar8x32_epi32(_mm256_castsi128_si256(s2),                     \
                                                             _mm256_setr_epi32(0, 0, 0, 0, 1, 1, 1, 1));     \
                    xsv[t] = _mm256_mul_ps(_mm256_cvtepi32_ps(s8), _mm256_mul_ps(xdv[t], quarter));          \
                }                                                                                            \
            }                                                                                                \
            for (int k = 0; k < NR; k++) {                                                                   \
                __m256i vv = _mm256_loadu_si256((const __m256i *)(v + (int64_t)k * cols + 32 * b));          \
                __m256i rp = ROW_PREP(vv);                                                                   \
                __m256 scv = groups2_avx2(sc + (int64_t)k * groups + 2 * b);                                 \
                __m256 mnv = has_min ? groups2_avx2(mn + (int64_t)k * groups + 2 * b) : _mm256_setzero_ps(); \
                for (int t = 0; t < NT; t++) {                                                               \
                    __m256i p = DOT(rp, vv, xv[t]);                                                          \
                    acc[k][t] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(p), _mm256_mul_ps(scv, xdv[t]), acc[k][t]); \
                    if (has_min) acc[k][t] = _mm256_fmadd_ps(mnv, xsv[t], acc[k][t]);                        \
                }                                                                                            \
            }                                                                                                \
        }                                                                                                    \
        for (int k = 0; k < NR; k++)                                                                         \
            for (int t = 0; t < NT; t++) out[(int64_t)t * out_stride + k] = osprey_hsum256(acc[k][t]);      \
    }                                                                                                        \
    ATTR OSPREY_INLINE void rows_##isa(const int8_t *v, const float *sc, const float *mn, const int has_min,  \
                                       const int NR, int32_t cols, const int8_t *xq, const float *xd,       \
                                       const int32_t *xs, int32_t n_tokens, float *out, int32_t out_stride) { \
        int32_t t = 0;                                                                                       \
        for (; t + 2 <= n_tokens; t += 2)                                                                    \
            tile_##isa(v, sc, mn, has_min, NR, 2, cols, xq + (int64_t)t * cols, xd + (int64_t)t * (cols / 32), \
                       xs + (int64_t)t * (cols / 16), out + (int64_t)t * out_stride, out_stride);            \
        if (t < n_tokens)                                                                                    \
            tile_##isa(v, sc, mn, has_min, NR, 1, cols, xq + (int64_t)t * cols, xd + (int64_t)t * (cols / 32), \
                       xs + (int64_t)t * (cols / 16), out + (int64_t)t * out_stride, out_stride);            \
    }                                                                                                        \
    ATTR void osprey_panel_dot_##isa(const int8_t *v, const float *sc, const float *mn, int has_min, int nr,  \
                                     int32_t cols, const int8_t *xq, const float *xd, const int32_t *xs,     \
                                     int32_t n_tokens, float *out, int32_t out_stride) {                    \
        if (nr == OSPREY_PANEL_ROWS) {                                                                       \
            if (has_min) rows_##isa(v, sc, mn, 1, OSPREY_PANEL_ROWS, cols, xq, xd, xs, n_tokens, out, out_stride); \
            else rows_##isa(v, sc, mn, 0, OSPREY_PANEL_ROWS, cols, xq, xd, xs, n_tokens, out, out_stride);   \
            return;                                                                                          \
        }                                                                                                    \
        int32_t groups = cols / 16;                                                                          \
        for (int k = 0; k < nr; k++)                                                                         \
            rows_##isa(v + (int64_t)k * cols, sc + (int64_t)k * groups, mn + (int64_t)k * groups, has_min, 1, cols, xq, \
                       xd, xs, n_tokens, out + k, out_stride);                                               \
    }

/* AVX2: |v| against x signed like v, through maddubs and madd (|v| <= 128, |x| <= 127: no int16 saturation). */
#define ABS_ROW(vv) _mm256_abs_epi8(vv)
#define RAW_X(x) (x)
#define SIGN_DOT(av, vv, x) _mm256_madd_epi16(_mm256_maddubs_epi16((av), _mm256_sign_epi8((x), (vv))), _mm256_set1_epi16(1))
TILE256(avx2, OSPREY_AVX2, ABS_ROW, RAW_X, SIGN_DOT)

/* AVX-VNNI: x + 128 (x xor 0x80) unsigned against v signed, minus 128 * sum(v) computed once per row and block. */
#define NEG_ROW_SUM(vv) _mm256_sub_epi32(_mm256_setzero_si256(), _mm256_dpbusd_avx_epi32(_mm256_setzero_si256(), _mm256_set1_epi8((char)0x80), (vv)))
#define FLIP_X(x) _mm256_xor_si256((x), _mm256_set1_epi8((char)0x80))
#define VNNI_DOT(wneg, vv, xu) _mm256_dpbusd_avx_epi32((wneg), (xu), (vv))
TILE256(avxvnni, OSPREY_AVXVNNI, NEG_ROW_SUM, FLIP_X, VNNI_DOT)

/* ---- AVX-512 VNNI: two 32-element blocks per step (the last may be alone); a 4-row x 4-token tile. ---- */

/* p[0..3] to lanes {0..3}, {4..7}, {8..11}, {12..15} (p[2], p[3] as zero when only one block is left). */
OSPREY_AVX512 OSPREY_INLINE __m512 groups4_avx512(const float *p, const int single) {
    __m128 four = single ? _mm_maskz_loadu_ps(0x3, p) : _mm_loadu_ps(p);
    return _mm512_permutexvar_ps(_mm512_setr_epi32(0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3),
                                 _mm512_castps128_ps512(four));
}

/* p[0] to lanes 0..7, p[1] to lanes 8..15 (zero when single). */
OSPREY_AVX512 OSPREY_INLINE __m512 blocks2_avx512(const float *p, const int single) {
    __m128 two = single ? _mm_load_ss(p) : _mm_castsi128_ps(_mm_loadl_epi64((const __m128i *)p));
    return _mm512_permutexvar_ps(_mm512_setr_epi32(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1),
                                 _mm512_castps128_ps512(two));
}

OSPREY_AVX512 OSPREY_INLINE __m512i bytes64_avx512(const int8_t *p, const int single) {
    return single ? _mm512_maskz_loadu_epi8(0xFFFFFFFFull, p) : _mm512_loadu_si512(p);
}

/*
 * One step over elements [64p, 64p + 64) (or [64p, 64p + 32) when single). vpdpbusd multiplies
 * unsigned by signed bytes: with u = x + 128 (x xor 0x80), dot(u, v) = dot(x, v) + 128 * sum(v), so
 * each row's accumulator starts at -128 * sum(v), computed once per row and shared by the tokens.
 */
OSPREY_AVX512 OSPREY_INLINE void step_avx512(__m512 acc[OSPREY_PANEL_ROWS][4], const int8_t *v, const float *sc,
                                             const float *mn, const int has_min, const int NR, const int NT,
                                             int32_t cols, const int8_t *xq, const float *xd, const int32_t *xs,
                                             int32_t p, const int single) {
    const int32_t nb = cols / 32;
    const int32_t groups = cols / 16;
    const __m512i flip = _mm512_set1_epi8((char)0x80);
    const __m512i zero = _mm512_setzero_si512();
    const __m512 quarter = _mm512_set1_ps(0.25f); /* a group's offset term lands in each of its 4 lanes */
    __m512i xu[4];
    __m512 xdv[4], xsv[4];
    for (int t = 0; t < NT; t++) {
        xu[t] = _mm512_xor_si512(bytes64_avx512(xq + (int64_t)t * cols + 64 * p, single), flip);
        xdv[t] = blocks2_avx512(xd + (int64_t)t * nb + 2 * p, single);
        if (has_min) {
            __m128i s4 = single ? _mm_maskz_loadu_epi32(0x3, xs + (int64_t)t * groups + 4 * p)
                                : _mm_loadu_si128((const __m128i *)(xs + (int64_t)t * groups + 4 * p));
            __m512 s16 = _mm512_permutexvar_ps(_mm512_setr_epi32(0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3),
                                               _mm512_castps128_ps512(_mm_cvtepi32_ps(s4)));
            xsv[t] = _mm512_mul_ps(s16, _mm512_mul_ps(xdv[t], quarter));
        }
    }
    for (int k = 0; k < NR; k++) {
        __m512i vv = bytes64_avx512(v + (int64_t)k * cols + 64 * p, single);
        __m512i wneg = _mm512_sub_epi32(zero, _mm512_dpbusd_epi32(zero, flip, vv));
        __m512 scv = groups4_avx512(sc + (int64_t)k * groups + 4 * p, single);
        __m512 mnv = has_min ? groups4_avx512(mn + (int64_t)k * groups + 4 * p, single) : _mm512_setzero_ps();
        for (int t = 0; t < NT; t++) {
            __m512i dot = _mm512_dpbusd_epi32(wneg, xu[t], vv);
            acc[k][t] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(dot), _mm512_mul_ps(scv, xdv[t]), acc[k][t]);
            if (has_min) acc[k][t] = _mm512_fmadd_ps(mnv, xsv[t], acc[k][t]);
        }
    }
}

OSPREY_AVX512 OSPREY_INLINE void tile_avx512(const int8_t *v, const float *sc, const float *mn, const int has_min,
                                             const int NR, const int NT, int32_t cols, const int8_t *xq,
                                             const float *xd, const int32_t *xs, float *out, int32_t out_stride) {
    __m512 acc[OSPREY_PANEL_ROWS][4];
    for (int k = 0; k < NR; k++)
        for (int t = 0; t < NT; t++) acc[k][t] = _mm512_setzero_ps();
    int32_t pairs = cols / 64;
    for (int32_t p = 0; p < pairs; p++) step_avx512(acc, v, sc, mn, has_min, NR, NT, cols, xq, xd, xs, p, 0);
    if ((cols / 32) % 2) step_avx512(acc, v, sc, mn, has_min, NR, NT, cols, xq, xd, xs, pairs, 1);
    for (int k = 0; k < NR; k++)
        for (int t = 0; t < NT; t++) out[(int64_t)t * out_stride + k] = _mm512_reduce_add_ps(acc[k][t]);
}

OSPREY_AVX512 OSPREY_INLINE void rows_avx512(const int8_t *v, const float *sc, const float *mn, const int has_min,
                                             const int NR, int32_t cols, const int8_t *xq, const float *xd,
                                             const int32_t *xs, int32_t n_tokens, float *out, int32_t out_stride) {
    int32_t t = 0;
    for (; t + 4 <= n_tokens; t += 4) {
        tile_avx512(v, sc, mn, has_min, NR, 4, cols, xq + (int64_t)t * cols, xd + (int64_t)t * (cols / 32),
                    xs + (int64_t)t * (cols / 16), out + (int64_t)t * out_stride, out_stride);
    }
    for (; t < n_tokens; t++) {
        tile_avx512(v, sc, mn, has_min, NR, 1, cols, xq + (int64_t)t * cols, xd + (int64_t)t * (cols / 32),
                    xs + (int64_t)t * (cols / 16), out + (int64_t)t * out_stride, out_stride);
    }
}

OSPREY_AVX512 void osprey_panel_dot_avx512vnni(const int8_t *v, const float *sc, const float *mn, int has_min,
                                               int nr, int32_t cols, const int8_t *xq, const float *xd,
                                               const int32_t *xs, int32_t n_tokens, float *out, int32_t out_stride) {
    if (nr == OSPREY_PANEL_ROWS) {
        if (has_min) rows_avx512(v, sc, mn, 1, OSPREY_PANEL_ROWS, cols, xq, xd, xs, n_tokens, out, out_stride);
        else rows_avx512(v, sc, mn, 0, OSPREY_PANEL_ROWS, cols, xq, xd, xs, n_tokens, out, out_stride);
        return;
    }
    int32_t groups = cols / 16;
    for (int k = 0; k < nr; k++) {
        rows_avx512(v + (int64_t)k * cols, sc + (int64_t)k * groups, mn + (int64_t)k * groups, has_min, 1, cols,
                    xq, xd, xs, n_tokens, out + k, out_stride);
    }
}
