/*
 * Q6_K weights x q8 activations read in place, for passes of a few tokens (decode); see fused_q4_k.c
 * for why. Half h of a super-block (elements 128h ..) is two 64-element chunks in activation order:
 * chunk 0 = [ql[0..32) low | ql[32..64) low], chunk 1 = the high nibbles, each nibble topped by its two
 * qh bits (bits 0-1, 2-3 for chunk 0; 4-5, 6-7 for chunk 1). Levels q are 0..63, value
 * d * scales[e / 16] * (q - 32): vpdpbusd takes q unsigned, and the -32 comes back once per super-block
 * as 32 * sum over groups of d * scale * xd * (group's activation sum).
 */
#include "block_decode_x86.h"
#include "kernels_internal.h"
#include "osprey_kernels.h"
#include "x86_simd.h"

#define SUPER_BYTES 210

/* 16 lanes: lane g = xd[g / 2] (each 32-block's scale for its two 16-groups). */
OSPREY_AVX512 OSPREY_INLINE __m512 groups_xd_avx512(const float *xd8) {
    return _mm512_permutexvar_ps(_mm512_setr_epi32(0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7),
                                 _mm512_castps256_ps512(_mm256_loadu_ps(xd8)));
}

OSPREY_AVX512 OSPREY_INLINE void rows_avx512(const uint8_t *row0, int64_t row_bytes, int nr, int32_t cols,
                                             const int8_t *xq, const float *xd, const int32_t *xs,
                                             int32_t n_tokens, float *out, int32_t out_stride) {
    const int32_t supers = cols / 256;
    const __m512i zero = _mm512_setzero_si512();
    const __m512i low4 = _mm512_set1_epi8(0x0F);
    const __m512i low2 = _mm512_set1_epi8(0x03);
    for (int32_t t = 0; t < n_tokens; t++) {
        const int8_t *x = xq + (int64_t)t * cols;
        const float *dx = xd + (int64_t)t * (cols / 32);
        const int32_t *sx = xs + (int64_t)t * (cols / 16);
        __m512 acc[OSPREY_ROWS];
        __m512 offsets[OSPREY_ROWS];
        for (int k = 0; k < nr; k++) {
            acc[k] = _mm512_setzero_ps();
            offsets[k] = _mm512_setzero_ps();
        }
        for (int32_t sb = 0; sb < supers; sb++) {
            __m512i xv[4];
            for (int c = 0; c < 4; c++) xv[c] = _mm512_loadu_si512(x + 256 * sb + 64 * c);
            __m512 xd16 = groups_xd_avx512(dx + 8 * sb);
            __m512 xsum16 = _mm512_mul_ps(_mm512_cvtepi32_ps(_mm512_loadu_si512(sx + 16 * sb)), xd16);
            for (int k = 0; k < nr; k++) {
                const uint8_t *blk = row0 + k * row_bytes + (int64_t)sb * SUPER_BYTES;
                osprey_prefetch_span(blk + OSPREY_PREFETCH_BYTES, SUPER_BYTES + 63);
                __m512 d = _mm512_set1_ps(osprey_f16(blk + 208));
                __m512 sc16 = _mm512_mul_ps(d, _mm512_cvtepi32_ps(_mm512_cvtepi8_epi32(
                                                   _mm_loadu_si128((const __m128i *)(blk + 192)))));
                offsets[k] = _mm512_fmadd_ps(sc16, xsum16, offsets[k]);
                __m512 scx16 = _mm512_mul_ps(sc16, xd16);
                for (int half = 0; half < 2; half++) {
                    __m512i ql = _mm512_loadu_si512(blk + 64 * half);
                    __m256i qh = _mm256_loadu_si256((const __m256i *)(blk + 128 + 32 * half));
                    __m512i qh2 = _mm512_inserti64x4(_mm512_castsi256_si512(qh), _mm256_srli_epi16(qh, 2), 1);
                    __m512i chunk[2];
                    chunk[0] = _mm512_or_si512(_mm512_and_si512(ql, low4),
                                               _mm512_slli_epi16(_mm512_and_si512(qh2, low2), 4));
                    chunk[1] = _mm512_or_si512(_mm512_and_si512(_mm512_srli_epi16(ql, 4), low4),
                                               _mm512_slli_epi16(_mm512_and_si512(_mm512_srli_epi16(qh2, 4), low2), 4));
                    for (int part = 0; part < 2; part++) {
                        int c = 2 * half + part;
                        __m512i dot = _mm512_dpbusd_epi32(zero, chunk[part], xv[c]);
                        __m512i lanes = _mm512_srli_epi32(_mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), 2);
                        lanes = _mm512_add_epi32(lanes, _mm512_set1_epi32(4 * c));
                        acc[k] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(dot), _mm512_permutexvar_ps(lanes, scx16), acc[k]);
                    }
                }
            }
        }
        for (int k = 0; k < nr; k++)
            out[(int64_t)t * out_stride + k] = _mm512_reduce_add_ps(acc[k]) - 32.0f * _mm512_reduce_add_ps(offsets[k]);
    }
}

/*
 * AVX2: 32 elements per step (ql low or high nibbles of one 32-byte half, topped by two qh bits), maddubs
 * on the unsigned levels 0..63 (63 * 127 * 2 fits int16); the 16 group scales times xd in two ymm.
 */
OSPREY_AVX2 OSPREY_INLINE void rows_avx2(const uint8_t *row0, int64_t row_bytes, int nr, int32_t cols,
                                         const int8_t *xq, const float *xd, const int32_t *xs, int32_t n_tokens,
                                         float *out, int32_t out_stride) {
    const int32_t supers = cols / 256;
    const __m256i ones = _mm256_set1_epi16(1);
    const __m256i low2 = _mm256_set1_epi8(0x03);
    const __m256i pairs = _mm256_setr_epi32(0, 0, 0, 0, 1, 1, 1, 1);
    for (int32_t t = 0; t < n_tokens; t++) {
        const int8_t *x = xq + (int64_t)t * cols;
        const float *dx = xd + (int64_t)t * (cols / 32);
        const int32_t *sx = xs + (int64_t)t * (cols / 16);
        __m256 acc[OSPREY_ROWS];
        __m256 offsets[OSPREY_ROWS];
        for (int k = 0; k < nr; k++) {
            acc[k] = _mm256_setzero_ps();
            offsets[k] = _mm256_setzero_ps();
        }
        for (int32_t sb = 0; sb < supers; sb++) {
            __m256 xd8 = _mm256_loadu_ps(dx + 8 * sb);
            /* lane g of half h: xd of group 8h + g, i.e. 32-block 4h + g/2 */
            __m256 xdg[2];
            xdg[0] = _mm256_permutevar8x32_ps(xd8, _mm256_setr_epi32(0, 0, 1, 1, 2, 2, 3, 3));
            xdg[1] = _mm256_permutevar8x32_ps(xd8, _mm256_setr_epi32(4, 4, 5, 5, 6, 6, 7, 7));
            __m256 xsum[2];
            for (int h = 0; h < 2; h++)
                xsum[h] = _mm256_mul_ps(_mm256_cvtepi32_ps(_mm256_loadu_si256((const __m256i *)(sx + 16 * sb + 8 * h))), xdg[h]);
            for (int k = 0; k < nr; k++) {
                const uint8_t *blk = row0 + k * row_bytes + (int64_t)sb * SUPER_BYTES;
                osprey_prefetch_span(blk + OSPREY_PREFETCH_BYTES, SUPER_BYTES + 63);
                __m256 d = _mm256_set1_ps(osprey_f16(blk + 208));
                __m128i s16 = _mm_loadu_si128((const __m128i *)(blk + 192));
                __m256 sc[2];
                sc[0] = _mm256_mul_ps(d, _mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(s16)));
                sc[1] = _mm256_mul_ps(d, _mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(_mm_srli_si128(s16, 8))));
                for (int h = 0; h < 2; h++) {
                    offsets[k] = _mm256_fmadd_ps(sc[h], xsum[h], offsets[k]);
                    __m256 scx = _mm256_mul_ps(sc[h], xdg[h]);
                    __m256i ql0 = _mm256_loadu_si256((const __m256i *)(blk + 64 * h));
                    __m256i ql1 = _mm256_loadu_si256((const __m256i *)(blk + 64 * h + 32));
                    __m256i qh = _mm256_loadu_si256((const __m256i *)(blk + 128 + 32 * h));
                    for (int part = 0; part < 4; part++) {
                        __m256i q = (part % 2) ? ql1 : ql0;
                        __m256i low = part < 2 ? low_nibbles(q) : high_nibbles(q);
                        __m256i high = _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(qh, 2 * part), low2), 4);
                        __m256i u = _mm256_or_si256(low, high);
                        __m256i xv = _mm256_loadu_si256((const __m256i *)(x + 256 * sb + 128 * h + 32 * part));
                        __m256i p = _mm256_madd_epi16(_mm256_maddubs_epi16(u, xv), ones);
                        __m256 s = _mm256_permutevar8x32_ps(scx, _mm256_add_epi32(pairs, _mm256_set1_epi32(2 * part)));
                        acc[k] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(p), s, acc[k]);
                    }
                }
            }
        }
        for (int k = 0; k < nr; k++)
            out[(int64_t)t * out_stride + k] = osprey_hsum256(acc[k]) - 32.0f * osprey_hsum256(offsets[k]);
    }
}

OSPREY_FUSED_DRIVER(q6_k, avx2, OSPREY_AVX2, (int64_t)(cols / 256) * SUPER_BYTES, rows_avx2)

OSPREY_FUSED_DRIVER(q6_k, avx512vnni, OSPREY_AVX512, (int64_t)(cols / 256) * SUPER_BYTES, rows_avx512)
