/*
 * Q4_K weights x q8 activations read in place, for passes of a few tokens (decode): the panel path
 * (matmul_quant.c) writes every decoded super-block to scratch and reads it back, which costs as
 * much as the dot itself when each row meets only one or two tokens.
 *
 * A super-block's 128 quant bytes are four chunks of 32: chunk c's low nibbles are elements
 * 64c .. 64c+31 (sub-block 2c), its high nibbles 64c+32 .. 64c+63 (sub-block 2c+1), so
 * [low | high] in one zmm lines up with the activations' 64 bytes as they are, and vpdpbusd takes the
 * unsigned nibbles directly. Element value d * sc * q - dmin * m: the scale part per lane (lanes 0..7
 * sub-block 2c, 8..15 sub-block 2c+1), the (negative) min part once per super-block from the
 * activation sums, eight sub-blocks in one ymm.
 */
#include "block_decode_x86.h"
#include "kernels_internal.h"
#include "osprey_kernels.h"
#include "x86_simd.h"

#define SUPER_BYTES 144

/* Sums of the eight 32-element blocks of a super-block's activations, from its sixteen 16-group sums. */
OSPREY_AVX512 OSPREY_INLINE __m256 block_sums_avx512(const int32_t *groups16) {
    __m512i s = _mm512_loadu_si512(groups16);
    __m512i pairs = _mm512_add_epi32(s, _mm512_srli_epi64(s, 32)); /* lane 2j holds group 2j + group 2j+1 */
    __m256i even = _mm512_castsi512_si256(
        _mm512_permutexvar_epi32(_mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 0, 0, 0, 0, 0, 0, 0, 0), pairs));
    return _mm256_cvtepi32_ps(even);
}

OSPREY_AVX512 OSPREY_INLINE void rows_avx512(const uint8_t *row0, int64_t row_bytes, int nr, int32_t cols,
                                             const int8_t *xq, const float *xd, const int32_t *xs,
                                             int32_t n_tokens, float *out, int32_t out_stride) {
    const int32_t supers = cols / 256;
    const __m512i zero = _mm512_setzero_si512();
    const __m512i low4 = _mm512_set1_epi8(0x0F);
    for (int32_t t = 0; t < n_tokens; t++) {
        const int8_t *x = xq + (int64_t)t * cols;
        const float *dx = xd + (int64_t)t * (cols / 32);
        const int32_t *sx = xs + (int64_t)t * (cols / 16);
        __m512 acc[OSPREY_ROWS];
        __m256 mins[OSPREY_ROWS];
        for (int k = 0; k < nr; k++) {
            acc[k] = _mm512_setzero_ps();
            mins[k] = _mm256_setzero_ps();
        }
        for (int32_t sb = 0; sb < supers; sb++) {
            __m512i xv[4];
            for (int c = 0; c < 4; c++) xv[c] = _mm512_loadu_si512(x + 256 * sb + 64 * c);
            __m256 xd8 = _mm256_loadu_ps(dx + 8 * sb);
            __m256 xsum8 = _mm256_mul_ps(block_sums_avx512(sx + 16 * sb), xd8);
            for (int k = 0; k < nr; k++) {
                const uint8_t *blk = row0 + k * row_bytes + (int64_t)sb * SUPER_BYTES;
                osprey_prefetch_span(blk + OSPREY_PREFETCH_BYTES, SUPER_BYTES + 63);
                __m256 scale8, min8;
                k4_scales_mins8(blk, &scale8, &min8);
                __m256 sc8 = _mm256_mul_ps(scale8, xd8);
                mins[k] = _mm256_fmadd_ps(min8, xsum8, mins[k]);
                __m512 sc16 = _mm512_castps256_ps512(sc8);
                for (int c = 0; c < 4; c++) {
                    __m256i q = _mm256_loadu_si256((const __m256i *)(blk + 16 + 32 * c));
                    __m512i u = _mm512_and_si512(
                        _mm512_inserti64x4(_mm512_castsi256_si512(q), _mm256_srli_epi16(q, 4), 1), low4);
                    __m512i dot = _mm512_dpbusd_epi32(zero, u, xv[c]);
                    __m512i lanes = _mm512_set1_epi32(2 * c);
                    lanes = _mm512_mask_add_epi32(lanes, 0xFF00, lanes, _mm512_set1_epi32(1));
                    acc[k] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(dot), _mm512_permutexvar_ps(lanes, sc16), acc[k]);
                }
            }
        }
        for (int k = 0; k < nr; k++)
            out[(int64_t)t * out_stride + k] = _mm512_reduce_add_ps(acc[k]) + osprey_hsum256(mins[k]);
    }
}

/*
 * AVX2: a sub-block of 32 per step; maddubs takes the unsigned nibbles against the signed activations
 * (15 * 127 * 2 fits int16), scales broadcast per sub-block, mins as above.
 */
OSPREY_AVX2 OSPREY_INLINE void rows_avx2(const uint8_t *row0, int64_t row_bytes, int nr, int32_t cols,
                                         const int8_t *xq, const float *xd, const int32_t *xs, int32_t n_tokens,
                                         float *out, int32_t out_stride) {
    const int32_t supers = cols / 256;
    const __m256i ones = _mm256_set1_epi16(1);
    for (int32_t t = 0; t < n_tokens; t++) {
        const int8_t *x = xq + (int64_t)t * cols;
        const float *dx = xd + (int64_t)t * (cols / 32);
        const int32_t *sx = xs + (int64_t)t * (cols / 16);
        __m256 acc[OSPREY_ROWS];
        __m256 mins[OSPREY_ROWS];
        for (int k = 0; k < nr; k++) {
            acc[k] = _mm256_setzero_ps();
            mins[k] = _mm256_setzero_ps();
        }
        for (int32_t sb = 0; sb < supers; sb++) {
            __m256 xd8 = _mm256_loadu_ps(dx + 8 * sb);
            __m256i s16a = _mm256_loadu_si256((const __m256i *)(sx + 16 * sb));
            __m256i s16b = _mm256_loadu_si256((const __m256i *)(sx + 16 * sb + 8));
            /* hadd pairs within 128-bit lanes: [a0+a1, a2+a3, b0+b1, b2+b3 | a4+a5, a6+a7, b4+b5, b6+b7] */
            __m256i pairs = _mm256_permute4x64_epi64(_mm256_hadd_epi32(s16a, s16b), _MM_SHUFFLE(3, 1, 2, 0));
            __m256 xsum8 = _mm256_mul_ps(_mm256_cvtepi32_ps(pairs), xd8);
            for (int k = 0; k < nr; k++) {
                const uint8_t *blk = row0 + k * row_bytes + (int64_t)sb * SUPER_BYTES;
                osprey_prefetch_span(blk + OSPREY_PREFETCH_BYTES, SUPER_BYTES + 63);
                __m256 scale8, min8;
                k4_scales_mins8(blk, &scale8, &min8);
                mins[k] = _mm256_fmadd_ps(min8, xsum8, mins[k]);
                __m256 scx8 = _mm256_mul_ps(scale8, xd8);
                for (int c = 0; c < 4; c++) {
                    __m256i q = _mm256_loadu_si256((const __m256i *)(blk + 16 + 32 * c));
                    for (int h = 0; h < 2; h++) {
                        int j = 2 * c + h;
                        __m256i u = h ? high_nibbles(q) : low_nibbles(q);
                        __m256i xv = _mm256_loadu_si256((const __m256i *)(x + 256 * sb + 32 * j));
                        __m256i p = _mm256_madd_epi16(_mm256_maddubs_epi16(u, xv), ones);
                        __m256 s = _mm256_permutevar8x32_ps(scx8, _mm256_set1_epi32(j));
                        acc[k] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(p), s, acc[k]);
                    }
                }
            }
        }
        for (int k = 0; k < nr; k++)
            out[(int64_t)t * out_stride + k] = osprey_hsum256(acc[k]) + osprey_hsum256(mins[k]);
    }
}

OSPREY_FUSED_DRIVER(q4_k, avx2, OSPREY_AVX2, (int64_t)(cols / 256) * SUPER_BYTES, rows_avx2)

OSPREY_FUSED_DRIVER(q4_k, avx512vnni, OSPREY_AVX512, (int64_t)(cols / 256) * SUPER_BYTES, rows_avx512)
