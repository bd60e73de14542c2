/*
 * Flash-attention tiles (osprey_kernels.h, OSPREY_ATTENTION): the portable reference and the AVX2 and
 * AVX-512 variants (the AVX-VNNI set runs the AVX2 one: attention has no integer dot products). The
 * driver is attention_tile.h; this file supplies each set's helpers:
 *   rows_<isa>(type, src, row_bytes, n, dim, dst)  n rows of F16 or Q8_0 widened to floats dst [n][dim]
 *   transpose_<isa>(kr, n, dim, kt)                kt[d][j] = kr[j][d] for j < n, 0 for n <= j < TILE
 *   transpose_f16_<isa>(kp, n, dim, kt)            the same from F16 rows at kp[j]
 *   dot_<isa>(a, b, n)                             sum of a[i] * b[i]
 *   scores_<isa>(q, kt, dim, scale, s)            s[j] = scale * sum over d of q[d] * kt[d][j], j < TILE
 *   scores2_<isa>(q0, q1, kt, dim, scale, s0, s1)  the same for two query rows at once
 *   acc2_<isa>(o0, o1, dim, a0, a1, p0, p1, n, v)  acc for two rows over the same keys at once
 *   max_<isa>(s, n)                                the largest s[j], j < n (n > 0)
 *   exps_<isa>(s, n, max)                          s[j] = exp(s[j] - max), returns their sum
 *   acc_<isa>(o, dim, alpha, p, n, v)              o[d] = o[d] * alpha + sum over j < n of p[j] * v[j][d]
 * The SIMD exponential is simd_exp.h's.
 */
#include <math.h>
#include <string.h>

#include "osprey_kernels.h"
#include "simd_exp.h"
#include "x86_simd.h"

/* The SIMD score helpers take 32 keys at a time: 4 x 8 (AVX2) or 2 x 16 (AVX-512) lanes. */
_Static_assert(OSPREY_ATTN_TILE % 32 == 0, "the SIMD score helpers cover a tile 32 keys at a time");



static inline int32_t kv_row_bytes(int32_t type, int32_t dim) {
    return type == OSPREY_KV_F32 ? 4 * dim : type == OSPREY_KV_F16 ? 2 * dim : dim / 32 * OSPREY_Q8_0_BLOCK_BYTES;
}

/* ---- portable reference ---- */

static inline void rows_ref(int32_t type, const uint8_t *src, int32_t row_bytes, int32_t n, int32_t dim, float *dst) {
    for (int32_t j = 0; j < n; j++) {
        const uint8_t *r = src + (int64_t)j * row_bytes;
        float *d = dst + (int64_t)j * dim;
        if (type == OSPREY_KV_F16) {
            for (int32_t i = 0; i < dim; i++) d[i] = osprey_f16_to_f32_ref(osprey_load_u16(r + 2 * i));
        } else {
            for (int32_t b = 0; b < dim / 32; b++) {
                const uint8_t *blk = r + b * OSPREY_Q8_0_BLOCK_BYTES;
                float sc = osprey_f16_to_f32_ref(osprey_load_u16(blk));
                for (int32_t i = 0; i < 32; i++) d[b * 32 + i] = sc * (float)(int8_t)blk[2 + i];
            }
        }
    }
}

static inline void transpose_ref(const float *kr, int32_t n, int32_t dim, float *kt) {
    for (int32_t d = 0; d < dim; d++) {
        float *col = kt + (int64_t)d * OSPREY_ATTN_TILE;
        int32_t j = 0;
        for (; j < n; j++) col[j] = kr[(int64_t)j * dim + d];
        for (; j < OSPREY_ATTN_TILE; j++) col[j] = 0.0f;
    }
}

static inline void transpose_f16_ref(const uint8_t *const *kp, int32_t n, int32_t dim, float *kt) {
    for (int32_t d = 0; d < dim; d++) {
        float *col = kt + (int64_t)d * OSPREY_ATTN_TILE;
        int32_t j = 0;
        for (; j < n; j++) col[j] = osprey_f16_to_f32_ref(osprey_load_u16(kp[j] + 2 * d));
        for (; j < OSPREY_ATTN_TILE; j++) col[j] = 0.0f;
    }
}

static inline float dot_ref(const float *a, const float *b, int32_t n) {
    float sum = 0.0f;
    for (int32_t i = 0; i < n; i++) sum += a[i] * b[i];
    return sum;
}

static inline void scores_ref(const float *q, const float *kt, int32_t dim, float scale, float *s) {
    for (int32_t j = 0; j < OSPREY_ATTN_TILE; j++) {
        float sum = 0.0f;
        for (int32_t d = 0; d < dim; d++) sum += q[d] * kt[(int64_t)d * OSPREY_ATTN_TILE + j];
        s[j] = sum * scale;
    }
}

static inline float max_ref(const float *s, int32_t n) {
    float m = -INFINITY;
    for (int32_t j = 0; j < n; j++) {
        if (s[j] > m) m = s[j];
    }
    return m;
}

static inline float exps_ref(float *s, int32_t n, float max) {
    float sum = 0.0f;
    for (int32_t j = 0; j < n; j++) {
        s[j] = expf(s[j] - max);
        sum += s[j];
    }
    return sum;
}

static inline void acc_ref(float *o, int32_t dim, float alpha, const float *p, int32_t n, const float *v) {
    for (int32_t d = 0; d < dim; d++) {
        float acc = o[d] * alpha;
        for (int32_t j = 0; j < n; j++) acc += p[j] * v[(int64_t)j * dim + d];
        o[d] = acc;
    }
}

static inline void scores2_ref(const float *q0, const float *q1, const float *kt, int32_t dim, float scale, float *s0,
                               float *s1) {
    scores_ref(q0, kt, dim, scale, s0);
    scores_ref(q1, kt, dim, scale, s1);
}

static inline void acc2_ref(float *o0, float *o1, int32_t dim, float a0, float a1, const float *p0, const float *p1,
                            int32_t n, const float *v) {
    acc_ref(o0, dim, a0, p0, n, v);
    acc_ref(o1, dim, a1, p1, n, v);
}

/* Query rows per call from which a tile's keys are transposed for the scores (attention_tile.h). */
#define TRANSPOSE_ROWS 16
#define ISA ref
#define ATTR
#include "attention_tile.h"
#undef ATTR
#undef ISA

/* ---- AVX2 + FMA + F16C ---- */

OSPREY_AVX2 OSPREY_INLINE void rows_avx2(int32_t type, const uint8_t *src, int32_t row_bytes, int32_t n, int32_t dim,
                                         float *dst) {
    for (int32_t j = 0; j < n; j++) {
        const uint8_t *r = src + (int64_t)j * row_bytes;
        float *d = dst + (int64_t)j * dim;
        if (type == OSPREY_KV_F16) {
            int32_t i = 0;
            for (; i + 8 <= dim; i += 8) _mm256_storeu_ps(d + i, _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(r + 2 * i))));
            for (; i < dim; i++) d[i] = osprey_f16(r + 2 * i);
        } else {
            for (int32_t b = 0; b < dim / 32; b++) {
                const uint8_t *blk = r + b * OSPREY_Q8_0_BLOCK_BYTES;
                __m256 sc = _mm256_set1_ps(osprey_f16(blk));
                for (int32_t i = 0; i < 32; i += 8) {
                    __m256i q = _mm256_cvtepi8_epi32(_mm_loadl_epi64((const __m128i *)(blk + 2 + i)));
                    _mm256_storeu_ps(d + b * 32 + i, _mm256_mul_ps(sc, _mm256_cvtepi32_ps(q)));
                }
            }
        }
    }
}

OSPREY_AVX2 OSPREY_INLINE float dot_avx2(const float *a, const float *b, int32_t n) {
    __m256 acc0 = _mm256_setzero_ps();
    __m256 acc1 = _mm256_setzero_ps();
    int32_t i = 0;
    for (; i + 16 <= n; i += 16) {
        acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), acc0);
        acc1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8), acc1);
    }
    for (; i + 8 <= n; i += 8) acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), acc0);
    float sum = osprey_hsum256(_mm256_add_ps(acc0, acc1));
    for (; i < n; i++) sum += a[i] * b[i];
    return sum;
}

OSPREY_AVX2 OSPREY_INLINE void scores32_avx2(const float *q, const float *kt, int32_t dim, float scale, float *s) {
    __m256 acc[4];
    for (int c = 0; c < 4; c++) acc[c] = _mm256_setzero_ps();
    for (int32_t d = 0; d < dim; d++) {
        __m256 qd = _mm256_broadcast_ss(q + d);
        const float *col = kt + (int64_t)d * OSPREY_ATTN_TILE;
        for (int c = 0; c < 4; c++) acc[c] = _mm256_fmadd_ps(qd, _mm256_load_ps(col + 8 * c), acc[c]);
    }
    __m256 vs = _mm256_set1_ps(scale);
    for (int c = 0; c < 4; c++) _mm256_storeu_ps(s + 8 * c, _mm256_mul_ps(acc[c], vs));
}

OSPREY_AVX2 OSPREY_INLINE float max_avx2(const float *s, int32_t n) {
    __m256 m = _mm256_set1_ps(-INFINITY);
    int32_t j = 0;
    for (; j + 8 <= n; j += 8) m = _mm256_max_ps(m, _mm256_loadu_ps(s + j));
    __m128 h = _mm_max_ps(_mm256_castps256_ps128(m), _mm256_extractf128_ps(m, 1));
    h = _mm_max_ps(h, _mm_movehl_ps(h, h));
    h = _mm_max_ss(h, _mm_movehdup_ps(h));
    float r = _mm_cvtss_f32(h);
    for (; j < n; j++) {
        if (s[j] > r) r = s[j];
    }
    return r;
}

OSPREY_AVX2 OSPREY_INLINE float exps_avx2(float *s, int32_t n, float max) {
    __m256 vmax = _mm256_set1_ps(max);
    __m256 acc = _mm256_setzero_ps();
    int32_t j = 0;
    for (; j + 8 <= n; j += 8) {
        __m256 e = osprey_exp_avx2(_mm256_sub_ps(_mm256_loadu_ps(s + j), vmax));
        _mm256_storeu_ps(s + j, e);
        acc = _mm256_add_ps(acc, e);
    }
    if (j < n) {
        float tail[8] __attribute__((aligned(32)));
        for (int32_t t = 0; t < 8; t++) tail[t] = j + t < n ? s[j + t] - max : -INFINITY;
        __m256 e = osprey_exp_avx2(_mm256_load_ps(tail));
        _mm256_store_ps(tail, e);
        acc = _mm256_add_ps(acc, e);
        for (int32_t t = 0; j + t < n; t++) s[j + t] = tail[t];
    }
    return osprey_hsum256(acc);
}

/* Four 8-lane slices of o at a time, so four multiply-add chains run side by side over the keys. */
OSPREY_AVX2 OSPREY_INLINE void acc_avx2(float *o, int32_t dim, float alpha, const float *p, int32_t n, const float *v) {
    __m256 va = _mm256_set1_ps(alpha);
    int32_t d = 0;
    for (; d + 32 <= dim; d += 32) {
        __m256 acc[4];
        for (int c = 0; c < 4; c++) acc[c] = _mm256_mul_ps(_mm256_loadu_ps(o + d + 8 * c), va);
        for (int32_t j = 0; j < n; j++) {
            __m256 pj = _mm256_set1_ps(p[j]);
            const float *vj = v + (int64_t)j * dim + d;
            for (int c = 0; c < 4; c++) acc[c] = _mm256_fmadd_ps(pj, _mm256_loadu_ps(vj + 8 * c), acc[c]);
        }
        for (int c = 0; c < 4; c++) _mm256_storeu_ps(o + d + 8 * c, acc[c]);
    }
    for (; d + 8 <= dim; d += 8) {
        __m256 acc = _mm256_mul_ps(_mm256_loadu_ps(o + d), va);
        for (int32_t j = 0; j < n; j++) acc = _mm256_fmadd_ps(_mm256_set1_ps(p[j]), _mm256_loadu_ps(v + (int64_t)j * dim + d), acc);
        _mm256_storeu_ps(o + d, acc);
    }
    for (; d < dim; d++) {
        float acc = o[d] * alpha;
        for (int32_t j = 0; j < n; j++) acc += p[j] * v[(int64_t)j * dim + d];
        o[d] = acc;
    }
}

OSPREY_AVX2 OSPREY_INLINE void scores2_32_avx2(const float *q0, const float *q1, const float *kt, int32_t dim, float scale,
                                            float *s0, float *s1) {
    __m256 a[4], b[4];
    for (int c = 0; c < 4; c++) a[c] = b[c] = _mm256_setzero_ps();
    for (int32_t d = 0; d < dim; d++) {
        __m256 x0 = _mm256_broadcast_ss(q0 + d);
        __m256 x1 = _mm256_broadcast_ss(q1 + d);
        const float *col = kt + (int64_t)d * OSPREY_ATTN_TILE;
        for (int c = 0; c < 4; c++) {
            __m256 k = _mm256_load_ps(col + 8 * c);
            a[c] = _mm256_fmadd_ps(x0, k, a[c]);
            b[c] = _mm256_fmadd_ps(x1, k, b[c]);
        }
    }
    __m256 vs = _mm256_set1_ps(scale);
    for (int c = 0; c < 4; c++) {
        _mm256_storeu_ps(s0 + 8 * c, _mm256_mul_ps(a[c], vs));
        _mm256_storeu_ps(s1 + 8 * c, _mm256_mul_ps(b[c], vs));
    }
}

/* Four 8-lane slices of both rows' o at a time: eight multiply-add chains over the keys. */
OSPREY_AVX2 OSPREY_INLINE void acc2_avx2(float *o0, float *o1, int32_t dim, float a0, float a1, const float *p0,
                                         const float *p1, int32_t n, const float *v) {
    int32_t d = 0;
    for (; d + 32 <= dim; d += 32) {
        __m256 x[4], y[4];
        for (int c = 0; c < 4; c++) {
            x[c] = _mm256_mul_ps(_mm256_loadu_ps(o0 + d + 8 * c), _mm256_set1_ps(a0));
            y[c] = _mm256_mul_ps(_mm256_loadu_ps(o1 + d + 8 * c), _mm256_set1_ps(a1));
        }
        for (int32_t j = 0; j < n; j++) {
            __m256 w0 = _mm256_set1_ps(p0[j]);
            __m256 w1 = _mm256_set1_ps(p1[j]);
            const float *vj = v + (int64_t)j * dim + d;
            for (int c = 0; c < 4; c++) {
                __m256 vv = _mm256_loadu_ps(vj + 8 * c);
                x[c] = _mm256_fmadd_ps(w0, vv, x[c]);
                y[c] = _mm256_fmadd_ps(w1, vv, y[c]);
            }
        }
        for (int c = 0; c < 4; c++) {
            _mm256_storeu_ps(o0 + d + 8 * c, x[c]);
            _mm256_storeu_ps(o1 + d + 8 * c, y[c]);
        }
    }
    for (; d < dim; d++) {
        float x = o0[d] * a0, y = o1[d] * a1;
        for (int32_t j = 0; j < n; j++) {
            x += p0[j] * v[(int64_t)j * dim + d];
            y += p1[j] * v[(int64_t)j * dim + d];
        }
        o0[d] = x;
        o1[d] = y;
    }
}

/* scores and scores2 over the whole tile, 32 keys (columns of kt) at a time. */
OSPREY_AVX2 OSPREY_INLINE void scores_avx2(const float *q, const float *kt, int32_t dim, float scale, float *s) {
    for (int h = 0; h < OSPREY_ATTN_TILE; h += 32) scores32_avx2(q, kt + h, dim, scale, s + h);
}

OSPREY_AVX2 OSPREY_INLINE void scores2_avx2(const float *q0, const float *q1, const float *kt, int32_t dim, float scale,
                                       float *s0, float *s1) {
    for (int h = 0; h < OSPREY_ATTN_TILE; h += 32) scores2_32_avx2(q0, q1, kt + h, dim, scale, s0 + h, s1 + h);
}

#define transpose_avx2 transpose_ref

OSPREY_AVX2 OSPREY_INLINE void transpose_f16_avx2(const uint8_t *const *kp, int32_t n, int32_t dim, float *kt) {
    for (int32_t d = 0; d < dim; d++) {
        float *col = kt + (int64_t)d * OSPREY_ATTN_TILE;
        int32_t j = 0;
        for (; j < n; j++) col[j] = osprey_f16(kp[j] + 2 * d);
        for (; j < OSPREY_ATTN_TILE; j++) col[j] = 0.0f;
    }
}

#define ISA avx2
#define ATTR OSPREY_AVX2
#include "attention_tile.h"
#undef ATTR
#undef ISA
#undef TRANSPOSE_ROWS

OSPREY_AVX2 OSPREY_ATTENTION(avxvnni) {
    osprey_attention_avx2(k, v, k_block_stride, v_block_stride, kv_type, head_dim, v_head_dim, block_size, block_table,
                          k_lo, k_hi, q, q_stride, nq, group, q_pos0, window, scale, o, ml);
}

/* ---- AVX-512 F/BW/VL ---- */

OSPREY_AVX512 OSPREY_INLINE void rows_avx512(int32_t type, const uint8_t *src, int32_t row_bytes, int32_t n, int32_t dim,
                                             float *dst) {
    for (int32_t j = 0; j < n; j++) {
        const uint8_t *r = src + (int64_t)j * row_bytes;
        float *d = dst + (int64_t)j * dim;
        if (type == OSPREY_KV_F16) {
            int32_t i = 0;
            for (; i + 16 <= dim; i += 16) _mm512_storeu_ps(d + i, _mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(r + 2 * i))));
            if (i < dim) {
                __mmask16 m = (__mmask16)((1u << (dim - i)) - 1);
                _mm512_mask_storeu_ps(d + i, m, _mm512_cvtph_ps(_mm256_maskz_loadu_epi16(m, r + 2 * i)));
            }
        } else {
            for (int32_t b = 0; b < dim / 32; b++) {
                const uint8_t *blk = r + b * OSPREY_Q8_0_BLOCK_BYTES;
                __m512 sc = _mm512_set1_ps(osprey_f16(blk));
                for (int32_t i = 0; i < 32; i += 16) {
                    __m512i q = _mm512_cvtepi8_epi32(_mm_loadu_si128((const __m128i *)(blk + 2 + i)));
                    _mm512_storeu_ps(d + b * 32 + i, _mm512_mul_ps(sc, _mm512_cvtepi32_ps(q)));
                }
            }
        }
    }
}

OSPREY_AVX512 OSPREY_INLINE float dot_avx512(const float *a, const float *b, int32_t n) {
    __m512 acc0 = _mm512_setzero_ps();
    __m512 acc1 = _mm512_setzero_ps();
    int32_t i = 0;
    for (; i + 32 <= n; i += 32) {
        acc0 = _mm512_fmadd_ps(_mm512_loadu_ps(a + i), _mm512_loadu_ps(b + i), acc0);
        acc1 = _mm512_fmadd_ps(_mm512_loadu_ps(a + i + 16), _mm512_loadu_ps(b + i + 16), acc1);
    }
    for (; i + 16 <= n; i += 16) acc0 = _mm512_fmadd_ps(_mm512_loadu_ps(a + i), _mm512_loadu_ps(b + i), acc0);
    if (i < n) {
        __mmask16 m = (__mmask16)((1u << (n - i)) - 1);
        acc1 = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(m, a + i), _mm512_maskz_loadu_ps(m, b + i), acc1);
    }
    return _mm512_reduce_add_ps(_mm512_add_ps(acc0, acc1));
}

/* Two accumulator pairs (even and odd d) keep four multiply-add chains in flight. */
OSPREY_AVX512 OSPREY_INLINE void scores32_avx512(const float *q, const float *kt, int32_t dim, float scale, float *s) {
    __m512 e0 = _mm512_setzero_ps(), e1 = _mm512_setzero_ps(), o0 = _mm512_setzero_ps(), o1 = _mm512_setzero_ps();
    int32_t d = 0;
    for (; d + 2 <= dim; d += 2) {
        const float *c0 = kt + (int64_t)d * OSPREY_ATTN_TILE;
        const float *c1 = c0 + OSPREY_ATTN_TILE;
        __m512 q0 = _mm512_set1_ps(q[d]);
        __m512 q1 = _mm512_set1_ps(q[d + 1]);
        e0 = _mm512_fmadd_ps(q0, _mm512_load_ps(c0), e0);
        e1 = _mm512_fmadd_ps(q0, _mm512_load_ps(c0 + 16), e1);
        o0 = _mm512_fmadd_ps(q1, _mm512_load_ps(c1), o0);
        o1 = _mm512_fmadd_ps(q1, _mm512_load_ps(c1 + 16), o1);
    }
    if (d < dim) {
        const float *c0 = kt + (int64_t)d * OSPREY_ATTN_TILE;
        __m512 q0 = _mm512_set1_ps(q[d]);
        e0 = _mm512_fmadd_ps(q0, _mm512_load_ps(c0), e0);
        e1 = _mm512_fmadd_ps(q0, _mm512_load_ps(c0 + 16), e1);
    }
    __m512 vs = _mm512_set1_ps(scale);
    _mm512_storeu_ps(s, _mm512_mul_ps(_mm512_add_ps(e0, o0), vs));
    _mm512_storeu_ps(s + 16, _mm512_mul_ps(_mm512_add_ps(e1, o1), vs));
}

OSPREY_AVX512 OSPREY_INLINE float max_avx512(const float *s, int32_t n) {
    __m512 m = _mm512_set1_ps(-INFINITY);
    for (int32_t j = 0; j < n; j += 16) {
        __mmask16 k = n - j >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << (n - j)) - 1);
        m = _mm512_mask_max_ps(m, k, m, _mm512_maskz_loadu_ps(k, s + j));
    }
    return _mm512_reduce_max_ps(m);
}

OSPREY_AVX512 OSPREY_INLINE float exps_avx512(float *s, int32_t n, float max) {
    __m512 vmax = _mm512_set1_ps(max);
    __m512 acc = _mm512_setzero_ps();
    for (int32_t j = 0; j < n; j += 16) {
        __mmask16 m = n - j >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << (n - j)) - 1);
        __m512 e = _mm512_maskz_mov_ps(m, osprey_exp_avx512(_mm512_sub_ps(_mm512_maskz_loadu_ps(m, s + j), vmax)));
        _mm512_mask_storeu_ps(s + j, m, e);
        acc = _mm512_add_ps(acc, e);
    }
    return _mm512_reduce_add_ps(acc);
}

/* Four 16-lane slices of o at a time, so four multiply-add chains run side by side over the keys. */
OSPREY_AVX512 OSPREY_INLINE void acc_avx512(float *o, int32_t dim, float alpha, const float *p, int32_t n, const float *v) {
    __m512 va = _mm512_set1_ps(alpha);
    int32_t d0 = 0;
    for (; d0 + 64 <= dim; d0 += 64) {
        __m512 acc[4];
        for (int c = 0; c < 4; c++) acc[c] = _mm512_mul_ps(_mm512_loadu_ps(o + d0 + 16 * c), va);
        for (int32_t j = 0; j < n; j++) {
            __m512 pj = _mm512_set1_ps(p[j]);
            const float *vj = v + (int64_t)j * dim + d0;
            for (int c = 0; c < 4; c++) acc[c] = _mm512_fmadd_ps(pj, _mm512_loadu_ps(vj + 16 * c), acc[c]);
        }
        for (int c = 0; c < 4; c++) _mm512_storeu_ps(o + d0 + 16 * c, acc[c]);
    }
    for (int32_t d = d0; d < dim; d += 16) {
        __mmask16 m = dim - d >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << (dim - d)) - 1);
        __m512 acc = _mm512_mul_ps(_mm512_maskz_loadu_ps(m, o + d), va);
        for (int32_t j = 0; j < n; j++)
            acc = _mm512_fmadd_ps(_mm512_set1_ps(p[j]), _mm512_maskz_loadu_ps(m, v + (int64_t)j * dim + d), acc);
        _mm512_mask_storeu_ps(o + d, m, acc);
    }
}

OSPREY_AVX512 OSPREY_INLINE void scores2_32_avx512(const float *q0, const float *q1, const float *kt, int32_t dim,
                                                float scale, float *s0, float *s1) {
    __m512 a0 = _mm512_setzero_ps(), a1 = _mm512_setzero_ps(), a2 = _mm512_setzero_ps(), a3 = _mm512_setzero_ps();
    __m512 b0 = _mm512_setzero_ps(), b1 = _mm512_setzero_ps(), b2 = _mm512_setzero_ps(), b3 = _mm512_setzero_ps();
    int32_t d = 0;
    for (; d + 2 <= dim; d += 2) {
        const float *c0 = kt + (int64_t)d * OSPREY_ATTN_TILE;
        const float *c1 = c0 + OSPREY_ATTN_TILE;
        __m512 k00 = _mm512_load_ps(c0), k01 = _mm512_load_ps(c0 + 16);
        __m512 k10 = _mm512_load_ps(c1), k11 = _mm512_load_ps(c1 + 16);
        __m512 x0 = _mm512_set1_ps(q0[d]), x1 = _mm512_set1_ps(q0[d + 1]);
        __m512 y0 = _mm512_set1_ps(q1[d]), y1 = _mm512_set1_ps(q1[d + 1]);
        a0 = _mm512_fmadd_ps(x0, k00, a0);
        a1 = _mm512_fmadd_ps(x0, k01, a1);
        a2 = _mm512_fmadd_ps(x1, k10, a2);
        a3 = _mm512_fmadd_ps(x1, k11, a3);
        b0 = _mm512_fmadd_ps(y0, k00, b0);
        b1 = _mm512_fmadd_ps(y0, k01, b1);
        b2 = _mm512_fmadd_ps(y1, k10, b2);
        b3 = _mm512_fmadd_ps(y1, k11, b3);
    }
    if (d < dim) {
        const float *c0 = kt + (int64_t)d * OSPREY_ATTN_TILE;
        __m512 k00 = _mm512_load_ps(c0), k01 = _mm512_load_ps(c0 + 16);
        a0 = _mm512_fmadd_ps(_mm512_set1_ps(q0[d]), k00, a0);
        a1 = _mm512_fmadd_ps(_mm512_set1_ps(q0[d]), k01, a1);
        b0 = _mm512_fmadd_ps(_mm512_set1_ps(q1[d]), k00, b0);
        b1 = _mm512_fmadd_ps(_mm512_set1_ps(q1[d]), k01, b1);
    }
    __m512 vs = _mm512_set1_ps(scale);
    _mm512_storeu_ps(s0, _mm512_mul_ps(_mm512_add_ps(a0, a2), vs));
    _mm512_storeu_ps(s0 + 16, _mm512_mul_ps(_mm512_add_ps(a1, a3), vs));
    _mm512_storeu_ps(s1, _mm512_mul_ps(_mm512_add_ps(b0, b2), vs));
    _mm512_storeu_ps(s1 + 16, _mm512_mul_ps(_mm512_add_ps(b1, b3), vs));
}

/* Four 16-lane slices of both rows' o at a time: eight multiply-add chains over the keys. */
OSPREY_AVX512 OSPREY_INLINE void acc2_avx512(float *o0, float *o1, int32_t dim, float a0, float a1, const float *p0,
                                             const float *p1, int32_t n, const float *v) {
    int32_t d = 0;
    for (; d + 64 <= dim; d += 64) {
        __m512 x[4], y[4];
        for (int c = 0; c < 4; c++) {
            x[c] = _mm512_mul_ps(_mm512_loadu_ps(o0 + d + 16 * c), _mm512_set1_ps(a0));
            y[c] = _mm512_mul_ps(_mm512_loadu_ps(o1 + d + 16 * c), _mm512_set1_ps(a1));
        }
        for (int32_t j = 0; j < n; j++) {
            __m512 w0 = _mm512_set1_ps(p0[j]);
            __m512 w1 = _mm512_set1_ps(p1[j]);
            const float *vj = v + (int64_t)j * dim + d;
            for (int c = 0; c < 4; c++) {
                __m512 vv = _mm512_loadu_ps(vj + 16 * c);
                x[c] = _mm512_fmadd_ps(w0, vv, x[c]);
                y[c] = _mm512_fmadd_ps(w1, vv, y[c]);
            }
        }
        for (int c = 0; c < 4; c++) {
            _mm512_storeu_ps(o0 + d + 16 * c, x[c]);
            _mm512_storeu_ps(o1 + d + 16 * c, y[c]);
        }
    }
    for (; d < dim; d += 16) {
        __mmask16 m = dim - d >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << (dim - d)) - 1);
        __m512 x = _mm512_mul_ps(_mm512_maskz_loadu_ps(m, o0 + d), _mm512_set1_ps(a0));
        __m512 y = _mm512_mul_ps(_mm512_maskz_loadu_ps(m, o1 + d), _mm512_set1_ps(a1));
        for (int32_t j = 0; j < n; j++) {
            __m512 vv = _mm512_maskz_loadu_ps(m, v + (int64_t)j * dim + d);
            x = _mm512_fmadd_ps(_mm512_set1_ps(p0[j]), vv, x);
            y = _mm512_fmadd_ps(_mm512_set1_ps(p1[j]), vv, y);
        }
        _mm512_mask_storeu_ps(o0 + d, m, x);
        _mm512_mask_storeu_ps(o1 + d, m, y);
    }
}

/* scores and scores2 over the whole tile, 32 keys (columns of kt) at a time. */
OSPREY_AVX512 OSPREY_INLINE void scores_avx512(const float *q, const float *kt, int32_t dim, float scale, float *s) {
    for (int h = 0; h < OSPREY_ATTN_TILE; h += 32) scores32_avx512(q, kt + h, dim, scale, s + h);
}

OSPREY_AVX512 OSPREY_INLINE void scores2_avx512(const float *q0, const float *q1, const float *kt, int32_t dim, float scale,
                                       float *s0, float *s1) {
    for (int h = 0; h < OSPREY_ATTN_TILE; h += 32) scores2_32_avx512(q0, q1, kt + h, dim, scale, s0 + h, s1 + h);
}

/* r[i] holds row i of a 16 x 16 block; afterwards r[i] holds column i. */
OSPREY_AVX512 OSPREY_INLINE void transpose16_avx512(__m512 r[16]) {
    __m512 t[16];
    for (int i = 0; i < 16; i += 2) {
        t[i] = _mm512_unpacklo_ps(r[i], r[i + 1]);
        t[i + 1] = _mm512_unpackhi_ps(r[i], r[i + 1]);
    }
    for (int i = 0; i < 16; i += 4) {
        r[i] = _mm512_shuffle_ps(t[i], t[i + 2], 0x44);
        r[i + 1] = _mm512_shuffle_ps(t[i], t[i + 2], 0xEE);
        r[i + 2] = _mm512_shuffle_ps(t[i + 1], t[i + 3], 0x44);
        r[i + 3] = _mm512_shuffle_ps(t[i + 1], t[i + 3], 0xEE);
    }
    for (int i = 0; i < 4; i++) {
        t[i] = _mm512_shuffle_f32x4(r[i], r[i + 4], 0x88);
        t[i + 4] = _mm512_shuffle_f32x4(r[i], r[i + 4], 0xDD);
        t[i + 8] = _mm512_shuffle_f32x4(r[i + 8], r[i + 12], 0x88);
        t[i + 12] = _mm512_shuffle_f32x4(r[i + 8], r[i + 12], 0xDD);
    }
    for (int i = 0; i < 8; i++) {
        r[i] = _mm512_shuffle_f32x4(t[i], t[i + 8], 0x88);
        r[i + 8] = _mm512_shuffle_f32x4(t[i], t[i + 8], 0xDD);
    }
}

/* transpose_ref in 16 x 16 blocks of registers; dimensions past the last multiple of 16 one by one. */
OSPREY_AVX512 OSPREY_INLINE void transpose_avx512(const float *kr, int32_t n, int32_t dim, float *kt) {
    const int32_t d16 = dim / 16 * 16;
    for (int32_t j0 = 0; j0 < OSPREY_ATTN_TILE; j0 += 16) {
        for (int32_t d0 = 0; d0 < d16; d0 += 16) {
            __m512 r[16];
            for (int i = 0; i < 16; i++)
                r[i] = j0 + i < n ? _mm512_loadu_ps(kr + (int64_t)(j0 + i) * dim + d0) : _mm512_setzero_ps();
            transpose16_avx512(r);
            for (int i = 0; i < 16; i++) _mm512_store_ps(kt + (int64_t)(d0 + i) * OSPREY_ATTN_TILE + j0, r[i]);
        }
    }
    for (int32_t d = d16; d < dim; d++) {
        float *col = kt + (int64_t)d * OSPREY_ATTN_TILE;
        int32_t j = 0;
        for (; j < n; j++) col[j] = kr[(int64_t)j * dim + d];
        for (; j < OSPREY_ATTN_TILE; j++) col[j] = 0.0f;
    }
}

/* transpose_avx512 reading F16 rows in place, widened 16 at a time. */
OSPREY_AVX512 OSPREY_INLINE void transpose_f16_avx512(const uint8_t *const *kp, int32_t n, int32_t dim, float *kt) {
    const int32_t d16 = dim / 16 * 16;
    for (int32_t j0 = 0; j0 < OSPREY_ATTN_TILE; j0 += 16) {
        for (int32_t d0 = 0; d0 < d16; d0 += 16) {
            __m512 r[16];
            for (int i = 0; i < 16; i++)
                r[i] = j0 + i < n ? _mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(kp[j0 + i] + 2 * d0)))
                                  : _mm512_setzero_ps();
            transpose16_avx512(r);
            for (int i = 0; i < 16; i++) _mm512_store_ps(kt + (int64_t)(d0 + i) * OSPREY_ATTN_TILE + j0, r[i]);
        }
    }
    for (int32_t d = d16; d < dim; d++) {
        float *col = kt + (int64_t)d * OSPREY_ATTN_TILE;
        int32_t j = 0;
        for (; j < n; j++) col[j] = osprey_f16(kp[j] + 2 * d);
        for (; j < OSPREY_ATTN_TILE; j++) col[j] = 0.0f;
    }
}

#define TRANSPOSE_ROWS 4
#define ISA avx512vnni
#define ATTR OSPREY_AVX512
#define rows_avx512vnni rows_avx512
#define dot_avx512vnni dot_avx512
#define transpose_avx512vnni transpose_avx512
#define transpose_f16_avx512vnni transpose_f16_avx512
#define scores_avx512vnni scores_avx512
#define scores2_avx512vnni scores2_avx512
#define acc2_avx512vnni acc2_avx512
#define exps_avx512vnni exps_avx512
#define max_avx512vnni max_avx512
#define acc_avx512vnni acc_avx512
#include "attention_tile.h"
#undef ATTR
#undef ISA
#undef TRANSPOSE_ROWS
