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
 * non-zero; FUSED: call osprey_fused_<type>_<isa> for few tokens; DECODE: the decoder's name.
 */
#define MATMUL_QUANT(type, UNIT, UNIT_BYTES, HAS_MIN, FUSED, isa, ATTR, DECODE)                                              \
    ATTR void osprey_matmul_##type##_##isa(const uint8_t *w, int32_t cols, int32_t row_start, int32_t row_end,       \
                                           const int8_t *xq, const float *xd, const int32_t *xs, int32_t n_tokens,   \
                                           float *out, int32_t out_stride, uint8_t *scratch) {                      \
        FUSED(type, isa)                                                                                             \
        const int32_t units = cols / (UNIT);                                                                         \
        const int32_t groups = cols / 16;                                                                            \
        const int64_t row_bytes = (int64_t)units * (UNIT_BYTES);                                                     \
        int8_t *v = (int8_t *)scratch;                                                                               \
        float *sc = (float *)(scratch + (int64_t)OSPREY_PANEL_ROWS * cols);                                          \
        float *mn = sc + (int64_t)OSPREY_PANEL_ROWS * groups;                                                        \
        for (int32_t r = row_start; r < row_end; r += OSPREY_PANEL_ROWS) {                                           \
            int nr = row_end - r < OSPREY_PANEL_ROWS ? row_end - r : OSPREY_PANEL_ROWS;                              \
            for (int k = 0; k < nr; k++) {                                                                           \
                const uint8_t *row = w + (int64_t)(r + k) * row_bytes;                                               \
                for (int32_t u = 0; u < units; u++) {                                                                \
                    osprey_prefetch_span(row + (int64_t)u * (UNIT_BYTES) + OSPREY_PREFETCH_BYTES, (UNIT_BYTES) + 63);                         \
                    DECODE(type)(row + (int64_t)u * (UNIT_BYTES), v + (int64_t)k * cols + (int64_t)u * (UNIT),     \
                                  sc + (int64_t)k * groups + u * ((UNIT) / 16),                                      \
                                  mn + (int64_t)k * groups + u * ((UNIT) / 16));                                     \
                }                                                                                                    \
            }                                                                                                        \
            osprey_panel_dot_##isa(v, sc, mn, HAS_MIN, nr, cols, xq, xd, xs, n_tokens, out + r, out_stride);        \
        }                                                                                                            \
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

#define MATMUL_QUANT_ALL(type, UNIT, UNIT_BYTES, HAS_MIN, FUSED)                                                     \
    MATMUL_QUANT(type, UNIT, UNIT_BYTES, HAS_MIN, FUSED, ref, OSPREY_REF_ATTR, PORTABLE_DECODER)                     \
    MATMUL_QUANT(type, UNIT, UNIT_BYTES, HAS_MIN, FUSED, avx2, OSPREY_AVX2, X86_DECODER)                             \
    MATMUL_QUANT(type, UNIT, UNIT_BYTES, HAS_MIN, FUSED, avxvnni, OSPREY_AVXVNNI, X86_DECODER)                       \
    MATMUL_QUANT(type, UNIT, UNIT_BYTES, HAS_MIN, FUSED, avx512vnni, OSPREY_AVX512, X86_DECODER)

MATMUL_QUANT_ALL(q8_0, 32, 34, 0, FUSED_ALL)
MATMUL_QUANT_ALL(q4_0, 32, 18, 0, FUSED_ALL)
MATMUL_QUANT_ALL(q4_1, 32, 20, 1, NO_FUSED)
MATMUL_QUANT_ALL(q5_0, 32, 22, 0, FUSED_SIMD)
MATMUL_QUANT_ALL(q5_1, 32, 24, 1, NO_FUSED)
MATMUL_QUANT_ALL(iq4_nl, 32, 18, 0, NO_FUSED)
MATMUL_QUANT_ALL(q2_k, 256, 84, 1, NO_FUSED)
MATMUL_QUANT_ALL(q3_k, 256, 110, 0, NO_FUSED)
MATMUL_QUANT_ALL(q4_k, 256, 144, 1, FUSED_SIMD)
MATMUL_QUANT_ALL(q5_k, 256, 176, 1, NO_FUSED)
MATMUL_QUANT_ALL(q6_k, 256, 210, 0, FUSED_SIMD)
MATMUL_QUANT_ALL(iq4_xs, 256, 136, 0, NO_FUSED)
