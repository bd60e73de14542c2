/*
 * F32, F16 and BF16 weights x float activations (osprey_kernels.h). F16 and BF16 rows are widened
 * into scratch OSPREY_PANEL_ROWS at a time (F16C / a 16-bit shift), F32 rows are read in place;
 * then a tile of rows x tokens accumulates with FMA, so each weight row is read once per call.
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

#define MATMUL_F32(isa)                                                                                      \
    void osprey_matmul_f32_##isa(const uint8_t *w, int32_t cols, int32_t row_start, int32_t row_end,         \
                                 const float *x, int32_t n_tokens, float *out, int32_t out_stride,          \
                                 uint8_t *scratch) {                                                         \
        (void)scratch;                                                                                       \
        const float *wf = (const float *)w;                                                                  \
        for (int32_t r = row_start; r < row_end; r += OSPREY_PANEL_ROWS) {                                   \
            int nr = row_end - r < OSPREY_PANEL_ROWS ? row_end - r : OSPREY_PANEL_ROWS;                      \
            osprey_float_dot_##isa(wf + (int64_t)r * cols, cols, nr, cols, x, n_tokens, out + r, out_stride); \
        }                                                                                                    \
    }

#define MATMUL_WIDENED(type, isa)                                                                            \
    void osprey_matmul_##type##_##isa(const uint8_t *w, int32_t cols, int32_t row_start, int32_t row_end,    \
                                      const float *x, int32_t n_tokens, float *out, int32_t out_stride,     \
                                      uint8_t *scratch) {                                                    \
        float *panel = (float *)scratch;                                                                     \
        for (int32_t r = row_start; r < row_end; r += OSPREY_PANEL_ROWS) {                                   \
            int nr = row_end - r < OSPREY_PANEL_ROWS ? row_end - r : OSPREY_PANEL_ROWS;                      \
            for (int k = 0; k < nr; k++)                                                                     \
                widen_##type##_##isa(w + (int64_t)(r + k) * cols * 2, cols, panel + (int64_t)k * cols);      \
            osprey_float_dot_##isa(panel, cols, nr, cols, x, n_tokens, out + r, out_stride);                 \
        }                                                                                                    \
    }

MATMUL_F32(ref)
MATMUL_F32(avx2)
MATMUL_F32(avx512vnni)
MATMUL_WIDENED(f16, ref)
MATMUL_WIDENED(f16, avx2)
MATMUL_WIDENED(f16, avx512vnni)
MATMUL_WIDENED(bf16, ref)
MATMUL_WIDENED(bf16, avx2)
MATMUL_WIDENED(bf16, avx512vnni)
