/*
 * The exported quantized matmuls (osprey_kernels.h): OSPREY_PANEL_ROWS weight rows at a time are
 * decoded into scratch (block_decode.h), then every token runs through them (panel_dot.c), so a
 * call reads and decodes each weight row once whatever its token count. Q8_0 and Q4_0 passes of a
 * few tokens read the weights in place instead (fused_*.c), as do Q4_K's, Q6_K's and Q5_0's.
 */
#include "block_decode.h"
#include "block_decode_x86.h"
#include "kernels_internal.h"
#include "osprey_kernels.h"
#include "x86_simd.h"

#define OSPREY_REF_ATTR

/*
 * type: symbol name; UNIT: elements per unit; UNIT_BYTES: its bytes; HAS_MIN: whether mn can be
 * non-zero; PAIRS: whether each scale and offset covers 32 elements (the decoder writes it twice);
 * FUSED: call osprey_fused_<type>_<isa> for few tokens; LANE: LANE_DECODED or LANE_DIRECT, how the
 * AVX-512 VNNI set packs its lane panel (lane_panel.c from decoded rows, or lane_decode.c); DECODE: the
 * decoder's name.
 */
#define MATMUL_QUANT(type, UNIT, UNIT_BYTES, HAS_MIN, PAIRS, FUSED, LANE, isa, ATTR, DECODE)                                 \
    ATTR void osprey_matmul_##type##_##isa(const uint8_t *w, int32_t cols, int32_t row_start, int32_t row_end,       \
                                           const int8_t *xq, const float *xd, const int32_t *xs, int32_t n_tokens,   \
                                           float *out, int32_t out_stride, uint8_t *scratch) {                      \
        FUSED(type, isa)                                                                                             \
        LANE(type, UNIT, UNIT_BYTES, HAS_MIN, PAIRS, isa, DECODE)                                                    \
        const int32_t units = cols / (UNIT);                                                                         \
        const int32_t groups = cols / 16;                                                                            \
        const int64_t row_bytes = (int64_t)units * (UNIT_BYTES);                                                     \
        int8_t *v = (int8_t *)scratch;                                                                               \
        float *sc = (float *)(scratch + (int64_t)OSPREY_PANEL_ROWS * cols);                                          \
        float *mn = sc + (int64_t)OSPREY_PANEL_ROWS * groups;                                                        \
        for (int32_t r = row_start; r < row_end; r += OSPREY_PANEL_ROWS) {                                           \
            int nr = row_end - r < OSPREY_PANEL_ROWS ? row_end - r : OSPREY_PANEL_ROWS;                              \
            for (int k = 0; k < nr; k++) DECODE_ROW(type, UNIT, UNIT_BYTES, DECODE, r + k, k);                       \
            osprey_panel_dot_##isa(v, sc, mn, HAS_MIN, nr, cols, xq, xd, xs, n_tokens, out + r, out_stride);        \
        }                                                                                                            \
    }

/*
 * Row r's units decoded into panel row k: v [.][cols], sc and mn [.][cols / 16]. The stream
 * OSPREY_PREFETCH_BYTES ahead is prefetched a line at a time as the row starts (a unit shorter than a
 * line would otherwise prefetch the same lines several times).
 */
#define DECODE_ROW(type, UNIT, UNIT_BYTES, DECODE, r, k)                                                             \
    do {                                                                                                             \
        const uint8_t *row_ = w + (int64_t)(r) * row_bytes;                                                          \
        osprey_prefetch_span(row_ + OSPREY_PREFETCH_BYTES, row_bytes);                                               \
        for (int32_t u = 0; u < units; u++) {                                                                        \
            DECODE(type)(row_ + (int64_t)u * (UNIT_BYTES), v + (int64_t)(k) * cols + (int64_t)u * (UNIT),            \
                         sc + (int64_t)(k) * groups + u * ((UNIT) / 16), mn + (int64_t)(k) * groups + u * ((UNIT) / 16)); \
        }                                                                                                            \
    } while (0)

/*
 * The AVX-512 VNNI set takes passes of several tokens (kernels_internal.h says how many) through
 * lane_panel.c, OSPREY_LANE_ROWS rows at a time; the others stay on panel_dot.c's tiles.
 */
#define LANE_DECODED(type, UNIT, UNIT_BYTES, HAS_MIN, PAIRS, isa, DECODE) \
    LANE_DECODED_ON_##isa(type, UNIT, UNIT_BYTES, HAS_MIN, PAIRS, DECODE)
#define LANE_DIRECT(type, UNIT, UNIT_BYTES, HAS_MIN, PAIRS, isa, DECODE) LANE_DIRECT_ON_##isa(type)
#define LANE_DECODED_ON_ref(type, UNIT, UNIT_BYTES, HAS_MIN, PAIRS, DECODE)
#define LANE_DECODED_ON_avx2(type, UNIT, UNIT_BYTES, HAS_MIN, PAIRS, DECODE)
#define LANE_DECODED_ON_avxvnni(type, UNIT, UNIT_BYTES, HAS_MIN, PAIRS, DECODE)
#define LANE_DIRECT_ON_ref(type)
#define LANE_DIRECT_ON_avx2(type)
#define LANE_DIRECT_ON_avxvnni(type)
#define LANE_DIRECT_ON_avx512vnni(type)                                                                              \
    if (n_tokens >= OSPREY_LANE_DIRECT_MIN_TOKENS) {                                                                 \
        osprey_lane_matmul_##type##_avx512vnni(w, cols, row_start, row_end, xq, xd, xs, n_tokens, out, out_stride,  \
                                               scratch);                                                             \
        return;                                                                                                      \
    }
#define LANE_DECODED_ON_avx512vnni(type, UNIT, UNIT_BYTES, HAS_MIN, PAIRS, DECODE)                                    \
    if (n_tokens >= OSPREY_LANE_DECODED_MIN_TOKENS) {                                                                \
        const int32_t units = cols / (UNIT);                                                                         \
        const int32_t groups = cols / 16;                                                                            \
        const int64_t row_bytes = (int64_t)units * (UNIT_BYTES);                                                     \
        int8_t *v = (int8_t *)scratch;                                                                               \
        float *sc = (float *)(scratch + (int64_t)OSPREY_LANE_ROWS * cols);                                           \
        float *mn = sc + (int64_t)OSPREY_LANE_ROWS * groups;                                                         \
        uint8_t *pack = (uint8_t *)(mn + (int64_t)OSPREY_LANE_ROWS * groups);                                        \
        for (int32_t r = row_start; r < row_end; r += OSPREY_LANE_ROWS) {                                            \
            int nr = row_end - r < OSPREY_LANE_ROWS ? row_end - r : OSPREY_LANE_ROWS;                                \
            for (int k = 0; k < nr; k++) DECODE_ROW(type, UNIT, UNIT_BYTES, DECODE, r + k, k);                       \
            osprey_lane_panel_avx512vnni(v, sc, mn, nr, HAS_MIN, PAIRS, cols, xq, xd, xs, n_tokens, out + r,        \
                                         out_stride, pack);                                                          \
        }                                                                                                            \
        return;                                                                                                      \
    }

#define NO_FUSED(type, isa)
#define FUSED_SIMD(type, isa) FUSED_SIMD_ON_##isa(type)
#define FUSED_SIMD_ON_ref(type)
#define FUSED_SIMD_ON_avx2(type) WITH_FUSED(type, avx2)
#define FUSED_SIMD_ON_avxvnni(type) WITH_FUSED(type, avx2)
#define FUSED_SIMD_ON_avx512vnni(type) WITH_FUSED(type, avx512vnni)
#define WITH_FUSED(type, isa)                                                                                        \
    if (n_tokens <= OSPREY_FUSED_MAX_TOKENS) {                                                                      \
        osprey_fused_##type##_##isa(w, cols, row_start, row_end, xq, xd, xs, n_tokens, out, out_stride);            \
        return;                                                                                                      \
    }
/* The in-place kernels of the AVX-VNNI set are the AVX2 ones (maddubs suffices one token at a time). */
#define FUSED_ALL(type, isa) FUSED_ALL_ON_##isa(type)
#define FUSED_ALL_ON_ref(type) WITH_FUSED(type, ref)
#define FUSED_ALL_ON_avx2(type) WITH_FUSED(type, avx2)
#define FUSED_ALL_ON_avxvnni(type) WITH_FUSED(type, avx2)
#define FUSED_ALL_ON_avx512vnni(type) WITH_FUSED(type, avx512vnni)

#define PORTABLE_DECODER(type) decode_##type
#define X86_DECODER(type) decode_##type##_x86

#define MATMUL_QUANT_ALL(type, UNIT, UNIT_BYTES, HAS_MIN, PAIRS, FUSED, LANE)                                        \
    MATMUL_QUANT(type, UNIT, UNIT_BYTES, HAS_MIN, PAIRS, FUSED, LANE, ref, OSPREY_REF_ATTR, PORTABLE_DECODER)        \
    MATMUL_QUANT(type, UNIT, UNIT_BYTES, HAS_MIN, PAIRS, FUSED, LANE, avx2, OSPREY_AVX2, X86_DECODER)                \
    MATMUL_QUANT(type, UNIT, UNIT_BYTES, HAS_MIN, PAIRS, FUSED, LANE, avxvnni, OSPREY_AVXVNNI, X86_DECODER)          \
    MATMUL_QUANT(type, UNIT, UNIT_BYTES, HAS_MIN, PAIRS, FUSED, LANE, avx512vnni, OSPREY_AVX512, X86_DECODER)

MATMUL_QUANT_ALL(q8_0, 32, 34, 0, 1, FUSED_ALL, LANE_DIRECT)
MATMUL_QUANT_ALL(q4_0, 32, 18, 0, 1, FUSED_ALL, LANE_DIRECT)
MATMUL_QUANT_ALL(q4_1, 32, 20, 1, 1, NO_FUSED, LANE_DECODED)
MATMUL_QUANT_ALL(q5_0, 32, 22, 0, 1, FUSED_SIMD, LANE_DECODED)
MATMUL_QUANT_ALL(q5_1, 32, 24, 1, 1, NO_FUSED, LANE_DECODED)
MATMUL_QUANT_ALL(iq4_nl, 32, 18, 0, 1, NO_FUSED, LANE_DECODED)
MATMUL_QUANT_ALL(q2_k, 256, 84, 1, 0, NO_FUSED, LANE_DECODED)
MATMUL_QUANT_ALL(q3_k, 256, 110, 0, 0, NO_FUSED, LANE_DECODED)
MATMUL_QUANT_ALL(q4_k, 256, 144, 1, 1, FUSED_SIMD, LANE_DECODED)
MATMUL_QUANT_ALL(q5_k, 256, 176, 1, 1, NO_FUSED, LANE_DECODED)
MATMUL_QUANT_ALL(q6_k, 256, 210, 0, 0, FUSED_SIMD, LANE_DECODED)
MATMUL_QUANT_ALL(iq4_xs, 256, 136, 0, 1, NO_FUSED, LANE_DECODED)
