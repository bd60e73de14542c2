/* Functions shared between the kernel files; none is exported from the library. */
#ifndef OSPREY_KERNELS_INTERNAL_H
#define OSPREY_KERNELS_INTERNAL_H

#include <stdint.h>

/* Weights read in place, for passes of at most OSPREY_FUSED_MAX_TOKENS tokens (osprey_kernels.h contract, no scratch). */
#define OSPREY_FUSED(type, isa)                                                                    \
    void osprey_fused_##type##_##isa(const uint8_t *w, int32_t cols, int32_t row_start,           \
                                     int32_t row_end, const int8_t *xq, const float *xd,          \
                                     const int32_t *xs, int32_t n_tokens, float *out,             \
                                     int32_t out_stride)
OSPREY_FUSED(q8_0, ref);
OSPREY_FUSED(q8_0, avx2);
OSPREY_FUSED(q8_0, avx512vnni);
OSPREY_FUSED(q4_0, ref);
OSPREY_FUSED(q4_0, avx2);
OSPREY_FUSED(q4_0, avx512vnni);
OSPREY_FUSED(q4_k, avx2);
OSPREY_FUSED(q4_k, avx512vnni);
OSPREY_FUSED(q6_k, avx2);
OSPREY_FUSED(q6_k, avx512vnni);
OSPREY_FUSED(q5_0, avx2);
OSPREY_FUSED(q5_0, avx512vnni);

/*
 * Defines osprey_fused_<type>_<isa> over ROWS_FN(row0, row_bytes, nr, cols, xq, xd, xs, n_tokens, out,
 * out_stride), which computes nr consecutive rows: passes of OSPREY_ROWS rows, then the rest one by one.
 */
#define OSPREY_FUSED_DRIVER(type, isa, ATTR, ROW_BYTES, ROWS_FN)                                     \
    ATTR OSPREY_FUSED(type, isa) {                                                                 \
        const int64_t row_bytes = (ROW_BYTES);                                                     \
        int32_t r = row_start;                                                                     \
        for (; r + OSPREY_ROWS <= row_end; r += OSPREY_ROWS)                                       \
            ROWS_FN(w + r * row_bytes, row_bytes, OSPREY_ROWS, cols, xq, xd, xs, n_tokens, out + r, out_stride); \
        for (; r < row_end; r++)                                                                   \
            ROWS_FN(w + r * row_bytes, row_bytes, 1, cols, xq, xd, xs, n_tokens, out + r, out_stride); \
    }

/*
 * nr <= OSPREY_PANEL_ROWS decoded rows (block_decode.h's form: v [nr][cols], sc and mn [nr][cols/16])
 * x q8 activations: out[t * out_stride + k] for k < nr, t < n_tokens. has_min: mn is not all zero.
 */
#define OSPREY_PANEL_DOT(isa)                                                                      \
    void osprey_panel_dot_##isa(const int8_t *v, const float *sc, const float *mn, int has_min,   \
                                int nr, int32_t cols, const int8_t *xq, const float *xd,          \
                                const int32_t *xs, int32_t n_tokens, float *out,                  \
                                int32_t out_stride)
OSPREY_PANEL_DOT(ref);
OSPREY_PANEL_DOT(avx2);
OSPREY_PANEL_DOT(avxvnni);
OSPREY_PANEL_DOT(avx512vnni);

/*
 * nr <= OSPREY_LANE_ROWS decoded rows (v [16][cols], sc and mn [16][cols/16]; rows nr .. 15 are
 * overwritten with zeros) x q8 activations, AVX-512 VNNI, rows in vector lanes (lane_panel.c):
 * out[t * out_stride + k] for k < nr, t < n_tokens. pairs: sc and mn hold each value twice (one scale
 * per 32 elements). pack: OSPREY_LANE_PACK_BYTES(cols) bytes the call may overwrite.
 */
#define OSPREY_LANE_ROWS 16
/*
 * Fewest tokens for which the lane panel beats panel_dot.c's 4 x 4 tiles, measured on a Zen 4 core:
 * from decoded rows (the 16 x 16 transpose on top of decoding) 0.8x at 3-4 tokens, 1.0-1.6x at 5, 1.1-1.5x
 * at 8, 1.7-2.4x at 128; packed straight from Q4_0/Q8_0 weights 1.3-1.6x at 3 tokens, 1.4-1.8x at 4.
 */
#define OSPREY_LANE_DECODED_MIN_TOKENS 5
#define OSPREY_LANE_DIRECT_MIN_TOKENS 3
#define OSPREY_LANE_PACK_BYTES(cols) (24 * (int64_t)(cols) + 64)
void osprey_lane_panel_avx512vnni(int8_t *v, float *sc, float *mn, int nr, int has_min, int pairs, int32_t cols,
                                  const int8_t *xq, const float *xd, const int32_t *xs, int32_t n_tokens,
                                  float *out, int32_t out_stride, uint8_t *pack);
/* The second half of the above: a panel already packed (lane_panel.c's form) x every token. */
void osprey_lane_dot_avx512vnni(const uint8_t *wi, const float *sct, const float *mnt, int has_min, int pairs,
                                int32_t cols, const int8_t *xq, const float *xd, const int32_t *xs, int32_t n_tokens,
                                float *out, int32_t out_stride, int nr);
/*
 * Q4_0 and Q8_0 packed straight from the weights (lane_decode.c), without rows in between: the OSPREY_MATMUL
 * contract from OSPREY_LANE_DIRECT_MIN_TOKENS tokens on, scratch OSPREY_LANE_PACK_BYTES(cols).
 */
#define OSPREY_LANE_MATMUL(type)                                                                   \
    void osprey_lane_matmul_##type##_avx512vnni(const uint8_t *w, int32_t cols, int32_t row_start, \
                                                int32_t row_end, const int8_t *xq, const float *xd, \
                                                const int32_t *xs, int32_t n_tokens, float *out,   \
                                                int32_t out_stride, uint8_t *scratch)
OSPREY_LANE_MATMUL(q4_0);
OSPREY_LANE_MATMUL(q8_0);

static inline uint8_t *osprey_align64(uint8_t *p) {
    return (uint8_t *)(((uintptr_t)p + 63) & ~(uintptr_t)63);
}

/* nr <= OSPREY_PANEL_ROWS float rows w [nr][cols] (rows row_stride floats apart) x float x [n_tokens][cols]. */
#define OSPREY_FLOAT_DOT(isa)                                                                      \
    void osprey_float_dot_##isa(const float *w, int64_t row_stride, int nr, int32_t cols,         \
                                const float *x, int32_t n_tokens, float *out, int32_t out_stride)
OSPREY_FLOAT_DOT(ref);
OSPREY_FLOAT_DOT(avx2);
OSPREY_FLOAT_DOT(avx512vnni);

#endif
