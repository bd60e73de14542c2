/*
 * F32, F16 and BF16 weights x float activations (osprey_kernels.h). F16 and BF16 rows are widened
 * into scratch OSPREY_PANEL_ROWS at a time (F16C / a 16-bit shift), F32 rows are read in place;
 * then a tile of rows x tokens accumulates with FMA, token block by token block. Passes of a few
 * tokens (decode) read F16/BF16 rows in place and widen in registers.
 */
#include "kernels_internal.h"
#include "osprey_kernels.h"
#include "x86_simd.h"

void osprey_float_dot_ref(const float *w, int64_t row_stride, int nr, int32_t cols, const float *x, int32_t n_tokens,
                          float *out, int32_t out_stride) {
    for (int k = 0; k < nr; k++) {
        for (int32_t t = 0; t < n_tokens; t++) {
            float sum = 0.0f;
            for (int32_t i = 0; i < cols; i++) sum += w[k * row_stride + i] * x[(int64_t)t * cols + i];
            out[(int64_t)t * out_stride + k] = sum;
        }
    }
}

OSPREY_AVX2 OSPREY_INLINE void tile_avx2(const float *w, int64_t row_stride, const int NR, const int NT, int32_t cols,
                                         const float *x, float *out, int32_t out_stride) {
    __m256 acc[OSPREY_PANEL_ROWS][2];
    for (int k = 0; k < NR; k++)
        for (int t = 0; t < NT; t++) acc[k][t] = _mm256_setzero_ps();
    int32_t i = 0;
    for (; i + 8 <= cols; i += 8) {
        __m256 xv[2];
        for (int t = 0; t < NT; t++) xv[t] = _mm256_loadu_ps(x + (int64_t)t * cols + i);
        for (int k = 0; k < NR; k++) {
            osprey_prefetch(w + k * row_stride + i + OSPREY_PREFETCH_BYTES / 4);
            __m256 wv = _mm256_loadu_ps(w + k * row_stride + i);
            for (int t = 0; t < NT; t++) acc[k][t] = _mm256_fmadd_ps(wv, xv[t], acc[k][t]);
        }
    }
    for (int k = 0; k < NR; k++) {
        for (int t = 0; t < NT; t++) {
            float sum = osprey_hsum256(acc[k][t]);
            for (int32_t j = i; j < cols; j++) sum += w[k * row_stride + j] * x[(int64_t)t * cols + j];
            out[(int64_t)t * out_stride + k] = sum;
        }
    }
}

OSPREY_AVX2 void osprey_float_dot_avx2(const float *w, int64_t row_stride, int nr, int32_t cols, const float *x,
                                       int32_t n_tokens, float *out, int32_t out_stride) {
    for (int32_t t = 0; t < n_tokens; t += 2) {
        int nt = n_tokens - t >= 2 ? 2 : 1;
        const float *xt = x + (int64_t)t * cols;
        float *ot = out + (int64_t)t * out_stride;
        if (nr == OSPREY_PANEL_ROWS && nt == 2) {
            tile_avx2(w, row_stride, OSPREY_PANEL_ROWS, 2, cols, xt, ot, out_stride);
        } else if (nr == OSPREY_PANEL_ROWS) {
            tile_avx2(w, row_stride, OSPREY_PANEL_ROWS, 1, cols, xt, ot, out_stride);
        } else {
            for (int k = 0; k < nr; k++) {
                if (nt == 2) tile_avx2(w + k * row_stride, row_stride, 1, 2, cols, xt, ot + k, out_stride);
                else tile_avx2(w + k * row_stride, row_stride, 1, 1, cols, xt, ot + k, out_stride);
            }
        }
    }
}

OSPREY_AVX512 OSPREY_INLINE void tile_avx512(const float *w, int64_t row_stride, const int NR, const int NT,
                                             int32_t cols, const float *x, float *out, int32_t out_stride) {
    __m512 acc[OSPREY_PANEL_ROWS][4];
    for (int k = 0; k < NR; k++)
        for (int t = 0; t < NT; t++) acc[k][t] = _mm512_setzero_ps();
    for (int32_t i = 0; i < cols; i += 16) {
        __mmask16 m = cols - i >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << (cols - i)) - 1);
        __m512 xv[4];
        for (int t = 0; t < NT; t++) xv[t] = _mm512_maskz_loadu_ps(m, x + (int64_t)t * cols + i);
        for (int k = 0; k < NR; k++) {
            osprey_prefetch(w + k * row_stride + i + OSPREY_PREFETCH_BYTES / 4);
            __m512 wv = _mm512_maskz_loadu_ps(m, w + k * row_stride + i);
            for (int t = 0; t < NT; t++) acc[k][t] = _mm512_fmadd_ps(wv, xv[t], acc[k][t]);
        }
    }
    for (int k = 0; k < NR; k++)
        for (int t = 0; t < NT; t++) out[(int64_t)t * out_stride + k] = _mm512_reduce_add_ps(acc[k][t]);
}

OSPREY_AVX512 void osprey_float_dot_avx512vnni(const float *w, int64_t row_stride, int nr, int32_t cols,
                                               const float *x, int32_t n_tokens, float *out, int32_t out_stride) {
    int32_t t = 0;
    if (nr == OSPREY_PANEL_ROWS) {
        for (; t + 4 <= n_tokens; t += 4)
            tile_avx512(w, row_stride, OSPREY_PANEL_ROWS, 4, cols, x + (int64_t)t * cols, out + (int64_t)t * out_stride,
                        out_stride);
        for (; t < n_tokens; t++)
            tile_avx512(w, row_stride, OSPREY_PANEL_ROWS, 1, cols, x + (int64_t)t * cols, out + (int64_t)t * out_stride,
                        out_stride);
        return;
    }
    for (int k = 0; k < nr; k++) {
        for (t = 0; t + 4 <= n_tokens; t += 4)
            tile_avx512(w + k * row_stride, row_stride, 1, 4, cols, x + (int64_t)t * cols,
                        out + (int64_t)t * out_stride + k, out_stride);
        for (; t < n_tokens; t++)
            tile_avx512(w + k * row_stride, row_stride, 1, 1, cols, x + (int64_t)t * cols,
                        out + (int64_t)t * out_stride + k, out_stride);
    }
}

/* ---- widening into the float panel ---- */

static inline float bf16_to_f32(uint16_t h) {
    union { uint32_t u; float f; } v = {.u = (uint32_t)h << 16};
    return v.f;
}

static void widen_f16_ref(const uint8_t *src, int32_t n, float *dst) {
    for (int32_t i = 0; i < n; i++) dst[i] = osprey_f16_to_f32_ref(osprey_load_u16(src + 2 * i));
}

static void widen_bf16_ref(const uint8_t *src, int32_t n, float *dst) {
    for (int32_t i = 0; i < n; i++) dst[i] = bf16_to_f32(osprey_load_u16(src + 2 * i));
}

OSPREY_AVX2 static void widen_f16_avx2(const uint8_t *src, int32_t n, float *dst) {
    int32_t i = 0;
    for (; i + 8 <= n; i += 8) {
        osprey_prefetch(src + 2 * i + OSPREY_PREFETCH_BYTES);
        _mm256_storeu_ps(dst + i, _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(src + 2 * i))));
    }
    for (; i < n; i++) dst[i] = osprey_f16(src + 2 * i);
}

OSPREY_AVX2 static void widen_bf16_avx2(const uint8_t *src, int32_t n, float *dst) {
    int32_t i = 0;
    for (; i + 8 <= n; i += 8) {
        osprey_prefetch(src + 2 * i + OSPREY_PREFETCH_BYTES);
        __m256i h = _mm256_cvtepu16_epi32(_mm_loadu_si128((const __m128i *)(src + 2 * i)));
        _mm256_storeu_si256((__m256i *)(dst + i), _mm256_slli_epi32(h, 16));
    }
    for (; i < n; i++) dst[i] = bf16_to_f32(osprey_load_u16(src + 2 * i));
}

OSPREY_AVX512 static void widen_f16_avx512vnni(const uint8_t *src, int32_t n, float *dst) {
    int32_t i = 0;
    for (; i + 16 <= n; i += 16) {
        osprey_prefetch(src + 2 * i + OSPREY_PREFETCH_BYTES);
        _mm512_storeu_ps(dst + i, _mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(src + 2 * i))));
    }
    widen_f16_avx2(src + 2 * i, n - i, dst + i);
}

OSPREY_AVX512 static void widen_bf16_avx512vnni(const uint8_t *src, int32_t n, float *dst) {
    int32_t i = 0;
    for (; i + 16 <= n; i += 16) {
        osprey_prefetch(src + 2 * i + OSPREY_PREFETCH_BYTES);
        __m512i h = _mm512_cvtepu16_epi32(_mm256_loadu_si256((const __m256i *)(src + 2 * i)));
        _mm512_storeu_si512(dst + i, _mm512_slli_epi32(h, 16));
    }
    widen_bf16_avx2(src + 2 * i, n - i, dst + i);
}

/*
 * Tokens per block: a block's activations (at most 32 x cols floats) stay in L2 while every row group
 * of the call passes over them, instead of all tokens streaming from L3 once per row group.
 */
#define TOKEN_BLOCK 32

#define MATMUL_F32(isa)                                                                                      \
    void osprey_matmul_f32_##isa(const uint8_t *w, int32_t cols, int32_t row_start, int32_t row_end,         \
                                 const float *x, int32_t n_tokens, float *out, int32_t out_stride,          \
                                 uint8_t *scratch) {                                                         \
        (void)scratch;                                                                                       \
        const float *wf = (const float *)w;                                                                  \
        for (int32_t t0 = 0; t0 < n_tokens; t0 += TOKEN_BLOCK) {                                             \
            int32_t nt = n_tokens - t0 < TOKEN_BLOCK ? n_tokens - t0 : TOKEN_BLOCK;                          \
            for (int32_t r = row_start; r < row_end; r += OSPREY_PANEL_ROWS) {                               \
                int nr = row_end - r < OSPREY_PANEL_ROWS ? row_end - r : OSPREY_PANEL_ROWS;                  \
                osprey_float_dot_##isa(wf + (int64_t)r * cols, cols, nr, cols, x + (int64_t)t0 * cols, nt,   \
                                       out + (int64_t)t0 * out_stride + r, out_stride);                     \
            }                                                                                                \
        }                                                                                                    \
    }

/* F16/BF16: a pass of a few tokens reads the rows in place (DIRECT), more tokens go through the float panel. */
#define MATMUL_WIDENED(type, isa, DIRECT)                                                                    \
    void osprey_matmul_##type##_##isa(const uint8_t *w, int32_t cols, int32_t row_start, int32_t row_end,    \
                                      const float *x, int32_t n_tokens, float *out, int32_t out_stride,     \
                                      uint8_t *scratch) {                                                    \
        DIRECT(type, isa)                                                                                    \
        float *panel = (float *)scratch;                                                                     \
        for (int32_t t0 = 0; t0 < n_tokens; t0 += TOKEN_BLOCK) {                                             \
            int32_t nt = n_tokens - t0 < TOKEN_BLOCK ? n_tokens - t0 : TOKEN_BLOCK;                          \
            for (int32_t r = row_start; r < row_end; r += OSPREY_PANEL_ROWS) {                               \
                int nr = row_end - r < OSPREY_PANEL_ROWS ? row_end - r : OSPREY_PANEL_ROWS;                  \
                for (int k = 0; k < nr; k++)                                                                 \
                    widen_##type##_##isa(w + (int64_t)(r + k) * cols * 2, cols, panel + (int64_t)k * cols);  \
                osprey_float_dot_##isa(panel, cols, nr, cols, x + (int64_t)t0 * cols, nt,                    \
                                       out + (int64_t)t0 * out_stride + r, out_stride);                     \
            }                                                                                                \
        }                                                                                                    \
    }

#define NO_DIRECT(type, isa)
#define WITH_DIRECT(type, isa)                                                                               \
    if (n_tokens <= OSPREY_FUSED_MAX_TOKENS) {                                                              \
        direct_##type##_##isa(w, cols, row_start, row_end, x, n_tokens, out, out_stride);                   \
        return;                                                                                              \
    }

/*
 * 16-bit floats read straight into a row x token tile: 8 (AVX2) or 16 (AVX-512) weights per step, the
 * stream prefetched a whole pass ahead (osprey_prefetch_distance; a fixed 8 KB lands inside the pass
 * being read when rows are 4 KB). One thread from DRAM, F16, Zen 4: 2048 columns 16-20 -> 24-28 GB/s,
 * 8192 columns 18-22 -> 22-26, 896 columns 21-24 -> 24-29.
 */
OSPREY_AVX2 OSPREY_INLINE __m256 load8_f16(const uint8_t *p) {
    return _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)p));
}

OSPREY_AVX2 OSPREY_INLINE __m256 load8_bf16(const uint8_t *p) {
    return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_cvtepu16_epi32(_mm_loadu_si128((const __m128i *)p)), 16));
}

OSPREY_AVX512 OSPREY_INLINE __m512 load16_f16(const uint8_t *p, __mmask16 m) {
    return _mm512_cvtph_ps(_mm256_maskz_loadu_epi16(m, p));
}

OSPREY_AVX512 OSPREY_INLINE __m512 load16_bf16(const uint8_t *p, __mmask16 m) {
    return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(_mm256_maskz_loadu_epi16(m, p)), 16));
}

#define DIRECT_AVX512(type)                                                                                  \
    OSPREY_AVX512 OSPREY_INLINE void direct_rows_##type##_avx512(const uint8_t *w, int64_t row_bytes, const int NR, \
                                                                int32_t cols, const float *x, int32_t n_tokens,   \
                                                                float *out, int32_t out_stride) {                  \
        const int64_t ahead = osprey_prefetch_distance(row_bytes, OSPREY_PANEL_ROWS);                        \
        __m512 acc[OSPREY_PANEL_ROWS][2];                                                                    \
        for (int k = 0; k < NR; k++) acc[k][0] = acc[k][1] = _mm512_setzero_ps();                            \
        int32_t i = 0;                                                                                       \
        for (; i + 32 <= cols; i += 32) { /* one 64-byte line of each row per step */                        \
            __m512 xa[2], xb[2];                                                                             \
            for (int t = 0; t < n_tokens; t++) {                                                             \
                xa[t] = _mm512_loadu_ps(x + (int64_t)t * cols + i);                                          \
                xb[t] = _mm512_loadu_ps(x + (int64_t)t * cols + i + 16);                                     \
            }                                                                                                \
            for (int k = 0; k < NR; k++) {                                                                   \
                osprey_prefetch(w + k * row_bytes + 2 * i + ahead);                                \
                __m512 wa = load16_##type(w + k * row_bytes + 2 * i, 0xFFFF);                                \
                __m512 wb = load16_##type(w + k * row_bytes + 2 * i + 32, 0xFFFF);                           \
                for (int t = 0; t < n_tokens; t++)                                                           \
                    acc[k][t] = _mm512_fmadd_ps(wb, xb[t], _mm512_fmadd_ps(wa, xa[t], acc[k][t]));          \
            }                                                                                                \
        }                                                                                                    \
        for (; i < cols; i += 16) {                                                                          \
            __mmask16 m = cols - i >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << (cols - i)) - 1);           \
            __m512 xv[2];                                                                                    \
            for (int t = 0; t < n_tokens; t++) xv[t] = _mm512_maskz_loadu_ps(m, x + (int64_t)t * cols + i);  \
            for (int k = 0; k < NR; k++) {                                                                   \
                __m512 wv = load16_##type(w + k * row_bytes + 2 * i, m);                                     \
                for (int t = 0; t < n_tokens; t++) acc[k][t] = _mm512_fmadd_ps(wv, xv[t], acc[k][t]);       \
            }                                                                                                \
        }                                                                                                    \
        for (int k = 0; k < NR; k++)                                                                         \
            for (int t = 0; t < n_tokens; t++) out[(int64_t)t * out_stride + k] = _mm512_reduce_add_ps(acc[k][t]); \
    }                                                                                                        \
    OSPREY_AVX512 static void direct_##type##_avx512vnni(const uint8_t *w, int32_t cols, int32_t row_start,  \
                                                         int32_t row_end, const float *x, int32_t n_tokens,  \
                                                         float *out, int32_t out_stride) {                   \
        int64_t row_bytes = 2 * (int64_t)cols;                                                               \
        int32_t r = row_start;                                                                               \
        for (; r + OSPREY_PANEL_ROWS <= row_end; r += OSPREY_PANEL_ROWS)                                     \
            direct_rows_##type##_avx512(w + r * row_bytes, row_bytes, OSPREY_PANEL_ROWS, cols, x, n_tokens, out + r, out_stride); \
        for (; r < row_end; r++)                                                                             \
            direct_rows_##type##_avx512(w + r * row_bytes, row_bytes, 1, cols, x, n_tokens, out + r, out_stride); \
    }

#define DIRECT_AVX2(type)                                                                                    \
    OSPREY_AVX2 OSPREY_INLINE void direct_rows_##type##_avx2(const uint8_t *w, int64_t row_bytes, const int NR, \
                                                            int32_t cols, const float *x, int32_t n_tokens,   \
                                                            float *out, int32_t out_stride) {                  \
        const int64_t ahead = osprey_prefetch_distance(row_bytes, OSPREY_PANEL_ROWS);                        \
        __m256 acc[OSPREY_PANEL_ROWS][2];                                                                    \
        for (int k = 0; k < NR; k++) acc[k][0] = acc[k][1] = _mm256_setzero_ps();                            \
        int32_t i = 0;                                                                                       \
        for (; i + 8 <= cols; i += 8) {                                                                      \
            __m256 xv[2];                                                                                    \
            for (int t = 0; t < n_tokens; t++) xv[t] = _mm256_loadu_ps(x + (int64_t)t * cols + i);          \
            for (int k = 0; k < NR; k++) {                                                                   \
                osprey_prefetch(w + k * row_bytes + 2 * i + ahead);                                \
                __m256 wv = load8_##type(w + k * row_bytes + 2 * i);                                         \
                for (int t = 0; t < n_tokens; t++) acc[k][t] = _mm256_fmadd_ps(wv, xv[t], acc[k][t]);       \
            }                                                                                                \
        }                                                                                                    \
        for (int k = 0; k < NR; k++) {                                                                       \
            for (int t = 0; t < n_tokens; t++) {                                                             \
                float sum = osprey_hsum256(acc[k][t]);                                                       \
                for (int32_t j = i; j < cols; j++) {                                                         \
                    float wj;                                                                                \
                    widen_##type##_ref(w + k * row_bytes + 2 * j, 1, &wj);                                   \
                    sum += wj * x[(int64_t)t * cols + j];                                                    \
                }                                                                                            \
                out[(int64_t)t * out_stride + k] = sum;                                                      \
            }                                                                                                \
        }                                                                                                    \
    }                                                                                                        \
    OSPREY_AVX2 static void direct_##type##_avx2(const uint8_t *w, int32_t cols, int32_t row_start,          \
                                                 int32_t row_end, const float *x, int32_t n_tokens,          \
                                                 float *out, int32_t out_stride) {                           \
        int64_t row_bytes = 2 * (int64_t)cols;                                                               \
        int32_t r = row_start;                                                                               \
        for (; r + OSPREY_PANEL_ROWS <= row_end; r += OSPREY_PANEL_ROWS)                                     \
            direct_rows_##type##_avx2(w + r * row_bytes, row_bytes, OSPREY_PANEL_ROWS, cols, x, n_tokens, out + r, out_stride); \
        for (; r < row_end; r++)                                                                             \
            direct_rows_##type##_avx2(w + r * row_bytes, row_bytes, 1, cols, x, n_tokens, out + r, out_stride); \
    }

DIRECT_AVX512(f16)
DIRECT_AVX512(bf16)
DIRECT_AVX2(f16)
DIRECT_AVX2(bf16)

/* AVX-VNNI adds nothing to float work: its set runs the AVX2 float kernels. */
#define MATMUL_FLOAT_AS_AVX2(type)                                                                           \
    void osprey_matmul_##type##_avxvnni(const uint8_t *w, int32_t cols, int32_t row_start, int32_t row_end,  \
                                        const float *x, int32_t n_tokens, float *out, int32_t out_stride,   \
                                        uint8_t *scratch) {                                                  \
        osprey_matmul_##type##_avx2(w, cols, row_start, row_end, x, n_tokens, out, out_stride, scratch);     \
    }

MATMUL_F32(ref)
MATMUL_F32(avx2)
MATMUL_F32(avx512vnni)
MATMUL_WIDENED(f16, ref, NO_DIRECT)
MATMUL_WIDENED(f16, avx2, WITH_DIRECT)
MATMUL_WIDENED(f16, avx512vnni, WITH_DIRECT)
MATMUL_WIDENED(bf16, ref, NO_DIRECT)
MATMUL_WIDENED(bf16, avx2, WITH_DIRECT)
MATMUL_WIDENED(bf16, avx512vnni, WITH_DIRECT)
MATMUL_FLOAT_AS_AVX2(f32)
MATMUL_FLOAT_AS_AVX2(f16)
MATMUL_FLOAT_AS_AVX2(bf16)
