/*
 * Osprey's native CPU kernels: the C side of dev.osprey.engine.tensor.nativecpu.
 *
 * Contract for every exported function: Java has checked every pointer, length and offset before
 * the call; nothing here allocates, keeps state between calls, or reads beyond the ranges stated.
 * Each kernel family exports one symbol per instruction set, suffixed _ref (portable C), _avx2
 * (AVX2 + FMA + F16C), _avxvnni (AVX2 + 256-bit VNNI, as on Alder Lake and later cores without
 * AVX-512) and _avx512vnni (AVX-512 F/BW/VL/VNNI); Java picks one set at load from
 * osprey_cpu_features().
 *
 * Quantized activations ("q8 activations"), n_tokens rows of cols floats, cols % 32 == 0:
 *   xq   int8  [n_tokens][cols]      round(x / d) per block of 32, in [-127, 127]
 *   xd   float [n_tokens][cols / 32] block scale d = max|x| / 127
 *   xs   int32 [n_tokens][cols / 16] sum of each 16-element group's xq
 */
#ifndef OSPREY_KERNELS_H
#define OSPREY_KERNELS_H

#include <stdint.h>

#define OSPREY_EXPORT __attribute__((visibility("default")))

#define OSPREY_QK 32
#define OSPREY_Q8_0_BLOCK_BYTES 34 /* { f16 d; int8 qs[32]; } */
#define OSPREY_Q4_0_BLOCK_BYTES 18 /* { f16 d; uint8 qs[16]; } low nibbles 0..15, high 16..31, value q-8 */

/* Single-token (and few-token) passes run kernels that read the weights in place (fused_*.c). */
#define OSPREY_FUSED_MAX_TOKENS 2

/* Bits returned by osprey_cpu_features(). */
#define OSPREY_CPU_AVX2 1
#define OSPREY_CPU_FMA 2
#define OSPREY_CPU_F16C 4
#define OSPREY_CPU_AVX512F 8
#define OSPREY_CPU_AVX512BW 16
#define OSPREY_CPU_AVX512VL 32
#define OSPREY_CPU_AVX512VNNI 64
#define OSPREY_CPU_AVXVNNI 128

/* Version of this interface; Java refuses a library whose version differs. */
#define OSPREY_KERNELS_ABI 5

/*
 * Weight rows decoded per pass (OSPREY_PANEL_ROWS; 16 on the AVX-512 VNNI set, whose panel puts rows in
 * vector lanes); a kernel's scratch holds OSPREY_SCRATCH_BYTES(cols) bytes.
 */
#define OSPREY_PANEL_ROWS 4
#define OSPREY_SCRATCH_BYTES(cols) (48 * (int64_t)(cols) + 128)

OSPREY_EXPORT int32_t osprey_abi_version(void);
OSPREY_EXPORT int32_t osprey_cpu_features(void);

/* x [n_tokens][cols] -> q8 activations (see above). */
#define OSPREY_QUANTIZE_Q8(isa)                                                                    \
    OSPREY_EXPORT void osprey_quantize_q8_##isa(const float *x, int32_t n_tokens, int32_t cols,   \
                                                int8_t *xq, float *xd, int32_t *xs)
OSPREY_QUANTIZE_Q8(ref);
OSPREY_QUANTIZE_Q8(avx2);
OSPREY_QUANTIZE_Q8(avxvnni);
OSPREY_QUANTIZE_Q8(avx512vnni);

/*
 * Quantized weights x q8 activations. w: the whole matrix, rows of cols/E units back to back (E = 32
 * or 256 elements per unit of the type; cols % E == 0). For t < n_tokens and r in [row_start, row_end):
 *   out[t * out_stride + r] = sum over i of W[r][i] * xd[t][i / 32] * xq[t][i]
 * Nothing else in out is written. scratch: OSPREY_SCRATCH_BYTES(cols) bytes the call may overwrite.
 */
#define OSPREY_MATMUL(type, isa)                                                                   \
    OSPREY_EXPORT void osprey_matmul_##type##_##isa(                                               \
        const uint8_t *w, int32_t cols, int32_t row_start, int32_t row_end, const int8_t *xq,     \
        const float *xd, const int32_t *xs, int32_t n_tokens, float *out, int32_t out_stride,     \
        uint8_t *scratch)

/*
 * Float weights (F32, F16, BF16; any cols > 0) x float activations x [n_tokens][cols]:
 *   out[t * out_stride + r] = sum over i of W[r][i] * x[t][i], same ranges and scratch as above.
 */
#define OSPREY_MATMUL_FLOAT(type, isa)                                                             \
    OSPREY_EXPORT void osprey_matmul_##type##_##isa(                                               \
        const uint8_t *w, int32_t cols, int32_t row_start, int32_t row_end, const float *x,       \
        int32_t n_tokens, float *out, int32_t out_stride, uint8_t *scratch)

#define OSPREY_ALL_ISAS(X, type) X(type, ref); X(type, avx2); X(type, avxvnni); X(type, avx512vnni)
OSPREY_ALL_ISAS(OSPREY_MATMUL, q8_0);
OSPREY_ALL_ISAS(OSPREY_MATMUL, q4_0);
OSPREY_ALL_ISAS(OSPREY_MATMUL, q4_1);
OSPREY_ALL_ISAS(OSPREY_MATMUL, q5_0);
OSPREY_ALL_ISAS(OSPREY_MATMUL, q5_1);
OSPREY_ALL_ISAS(OSPREY_MATMUL, iq4_nl);
OSPREY_ALL_ISAS(OSPREY_MATMUL, q2_k);
OSPREY_ALL_ISAS(OSPREY_MATMUL, q3_k);
OSPREY_ALL_ISAS(OSPREY_MATMUL, q4_k);
OSPREY_ALL_ISAS(OSPREY_MATMUL, q5_k);
OSPREY_ALL_ISAS(OSPREY_MATMUL, q6_k);
OSPREY_ALL_ISAS(OSPREY_MATMUL, iq4_xs);
OSPREY_ALL_ISAS(OSPREY_MATMUL_FLOAT, f32);
OSPREY_ALL_ISAS(OSPREY_MATMUL_FLOAT, f16);
OSPREY_ALL_ISAS(OSPREY_MATMUL_FLOAT, bf16);

/*
 * Flash-attention tile (dev.osprey.engine.tensor.AttentionKernel states the contract in full). K/V
 * rows of one head: position j is row (j % block_size) of block block_table[j / block_size]; k points
 * at block 0's first row of the head, blocks k_block_stride bytes apart (v likewise). Rows are
 * kv_type: OSPREY_KV_F32 (4 bytes an element), OSPREY_KV_F16 (2) or OSPREY_KV_Q8_0 ({f16 d; int8 q[32]}
 * per 32 elements). Query row r = i * group + g (i < nq tokens at positions q_pos0 + i) is
 * q[i * q_stride + g * head_dim ..]; it sees keys j in [k_lo, k_hi) with j <= its position and, when
 * window > 0, j > position - window. Writes o [nq * group][v_head_dim] (unnormalised sum of
 * exp(s - m) v) and ml [nq * group][2] (m = max score or -inf, l = sum exp(s - m)), s = scale * q.k.
 * head_dim, v_head_dim <= OSPREY_ATTN_MAX_DIM; the tiles live on the stack (3 * 64 KB).
 */
#define OSPREY_KV_F32 0
#define OSPREY_KV_F16 1
#define OSPREY_KV_Q8_0 2
#define OSPREY_ATTN_TILE 64
#define OSPREY_ATTN_MAX_DIM 256
#define OSPREY_ATTENTION(isa)                                                                      \
    OSPREY_EXPORT void osprey_attention_##isa(                                                     \
        const uint8_t *k, const uint8_t *v, int64_t k_block_stride, int64_t v_block_stride,       \
        int32_t kv_type, int32_t head_dim, int32_t v_head_dim, int32_t block_size,                \
        const int32_t *block_table, int32_t k_lo, int32_t k_hi, const float *q, int32_t q_stride, \
        int32_t nq, int32_t group, int32_t q_pos0, int32_t window, float scale, float *o,         \
        float *ml)
OSPREY_ATTENTION(ref);
OSPREY_ATTENTION(avx2);
OSPREY_ATTENTION(avxvnni);
OSPREY_ATTENTION(avx512vnni);

/* SwiGLU's gating in place: gate[i] = gate[i] / (1 + exp(-gate[i])) * up[i] for i < n. */
#define OSPREY_SWIGLU(isa) OSPREY_EXPORT void osprey_swiglu_##isa(float *gate, const float *up, int32_t n)
OSPREY_SWIGLU(ref);
OSPREY_SWIGLU(avx2);
OSPREY_SWIGLU(avxvnni);
OSPREY_SWIGLU(avx512vnni);

/*
 * Weight streams are prefetched this far ahead in software. Measured on a 2-core EPYC VM (one
 * thread, 65536 x 2048 matrices from DRAM): a Q4_0 pass read 5.5 GB/s without it, 15-19 GB/s 4 KB
 * ahead and 19-23 GB/s 8 KB ahead (Q8_0 17-21 -> 22-28, Q6_K 19-20 -> 27-30); 12-16 KB helped F16
 * only.
 */
#define OSPREY_PREFETCH_BYTES 8192
#define osprey_prefetch(p) __builtin_prefetch((const void *)(p), 0, 3)
/* Every cache line of [p, p + bytes), for a unit longer than a line (K-quant super-blocks). */
#define osprey_prefetch_span(p, bytes)                                                             \
    do {                                                                                           \
        for (int32_t line_ = 0; line_ < (int32_t)(bytes); line_ += 64)                             \
            __builtin_prefetch((const void *)((const uint8_t *)(p) + line_), 0, 3);                \
    } while (0)

/*
 * How far ahead a pass over rows_per_pass rows of row_bytes prefetches: a whole number of passes (the
 * same offset in a later pass's row, so each line is fetched once and never one being read now), at
 * least OSPREY_PREFETCH_BYTES.
 */
static inline int64_t osprey_prefetch_distance(int64_t row_bytes, int rows_per_pass) {
    int64_t pass = row_bytes * rows_per_pass;
    return (OSPREY_PREFETCH_BYTES + pass - 1) / pass * pass;
}

/* IEEE half to float, portable (no F16C). */
static inline float osprey_f16_to_f32_ref(uint16_t h) {
    uint32_t sign = (uint32_t)(h & 0x8000) << 16;
    uint32_t exp = (h >> 10) & 0x1F;
    uint32_t man = h & 0x3FF;
    union { uint32_t u; float f; } v;
    if (exp == 0) {
        /* zero or subnormal: man * 2^-24 */
        float f = (float)man * (1.0f / 16777216.0f);
        v.f = f;
        v.u |= sign;
        return v.f;
    }
    if (exp == 31) {
        v.u = sign | 0x7F800000u | (man << 13);
        return v.f;
    }
    v.u = sign | ((exp + 112) << 23) | (man << 13);
    return v.f;
}

static inline uint16_t osprey_load_u16(const uint8_t *p) {
    return (uint16_t)(p[0] | (p[1] << 8));
}

#endif
