/*
 * block_decode.h's decoders in AVX2 (+F16C) intrinsics, same outputs bit for bit: the parity tests
 * compare them with the portable ones through the C reference variant. Inlined into the AVX2 and the
 * AVX-512 kernels alike (256-bit work is all a unit needs).
 */
#ifndef OSPREY_BLOCK_DECODE_X86_H
#define OSPREY_BLOCK_DECODE_X86_H

#include "block_decode.h"
#include "x86_simd.h"

#define X86_DECODE OSPREY_AVX2 OSPREY_INLINE

X86_DECODE __m256i low_nibbles(__m256i q) {
    return _mm256_and_si256(q, _mm256_set1_epi8(0x0F));
}

X86_DECODE __m256i high_nibbles(__m256i q) {
    return _mm256_and_si256(_mm256_srli_epi16(q, 4), _mm256_set1_epi8(0x0F));
}

/* Bit (shift) of every byte, as 0 or 1 per byte (shift < 8: a 16-bit shift only moves other bytes' bits above bit 0). */
X86_DECODE __m256i bit_of_bytes(__m256i q, const int shift) {
    return _mm256_and_si256(_mm256_srli_epi16(q, shift), _mm256_set1_epi8(1));
}

/* The 16 bytes at qs split into element order: low nibbles (elements 0..15), then high (16..31). */
X86_DECODE __m256i nibbles32(const uint8_t *qs) {
    __m128i raw = _mm_loadu_si128((const __m128i *)qs);
    return _mm256_and_si256(_mm256_set_m128i(_mm_srli_epi16(raw, 4), raw), _mm256_set1_epi8(0x0F));
}

/* Bit i of the little-endian 32-bit word at p, as 0 or 1 in byte i. */
X86_DECODE __m256i bits32(const uint8_t *p) {
    __m256i word = _mm256_set1_epi32((int32_t)osprey_load_u32(p));
    /* byte i takes byte i / 8 of the word, then keeps bit i % 8 */
    __m256i spread = _mm256_shuffle_epi8(word, _mm256_setr_epi8(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1,
                                                                2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3));
    __m256i bit = _mm256_set1_epi64x(0x8040201008040201LL);
    return _mm256_min_epu8(_mm256_and_si256(spread, bit), _mm256_set1_epi8(1));
}

X86_DECODE void store32(int8_t *v, __m256i x) {
    _mm256_storeu_si256((__m256i *)v, x);
}

X86_DECODE __m256i grid_lookup(__m256i nibbles) {
    const __m256i grid = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)OSPREY_IQ4_GRID));
    return _mm256_shuffle_epi8(grid, nibbles);
}

X86_DECODE void decode_q8_0_x86(const uint8_t *b, int8_t *v, float *sc, float *mn) {
    store32(v, _mm256_loadu_si256((const __m256i *)(b + 2)));
    sc[0] = sc[1] = osprey_f16(b);
    mn[0] = mn[1] = 0.0f;
}

X86_DECODE void decode_q4_0_x86(const uint8_t *b, int8_t *v, float *sc, float *mn) {
    store32(v, _mm256_sub_epi8(nibbles32(b + 2), _mm256_set1_epi8(8)));
    sc[0] = sc[1] = osprey_f16(b);
    mn[0] = mn[1] = 0.0f;
}

X86_DECODE void decode_q4_1_x86(const uint8_t *b, int8_t *v, float *sc, float *mn) {
    store32(v, nibbles32(b + 4));
    sc[0] = sc[1] = osprey_f16(b);
    mn[0] = mn[1] = osprey_f16(b + 2);
}

X86_DECODE void decode_q5_0_x86(const uint8_t *b, int8_t *v, float *sc, float *mn) {
    __m256i q = _mm256_or_si256(nibbles32(b + 6), _mm256_slli_epi16(bits32(b + 2), 4));
    store32(v, _mm256_sub_epi8(q, _mm256_set1_epi8(16)));
    sc[0] = sc[1] = osprey_f16(b);
    mn[0] = mn[1] = 0.0f;
}

X86_DECODE void decode_q5_1_x86(const uint8_t *b, int8_t *v, float *sc, float *mn) {
    store32(v, _mm256_or_si256(nibbles32(b + 8), _mm256_slli_epi16(bits32(b + 4), 4)));
    sc[0] = sc[1] = osprey_f16(b);
    mn[0] = mn[1] = osprey_f16(b + 2);
}

X86_DECODE void decode_iq4_nl_x86(const uint8_t *b, int8_t *v, float *sc, float *mn) {
    store32(v, grid_lookup(nibbles32(b + 2)));
    sc[0] = sc[1] = osprey_f16(b);
    mn[0] = mn[1] = 0.0f;
}

X86_DECODE void decode_q2_k_x86(const uint8_t *b, int8_t *v, float *sc, float *mn) {
    const __m256i three = _mm256_set1_epi8(3);
    for (int half = 0; half < 2; half++) {
        __m256i q = _mm256_loadu_si256((const __m256i *)(b + 16 + 32 * half));
        store32(v + 128 * half, _mm256_and_si256(q, three));
        store32(v + 128 * half + 32, _mm256_and_si256(_mm256_srli_epi16(q, 2), three));
        store32(v + 128 * half + 64, _mm256_and_si256(_mm256_srli_epi16(q, 4), three));
        store32(v + 128 * half + 96, _mm256_and_si256(_mm256_srli_epi16(q, 6), three));
    }
    float d = osprey_f16(b + 80);
    float dmin = osprey_f16(b + 82);
    for (int s = 0; s < 16; s++) {
        sc[s] = d * (float)(b[s] & 0x0F);
        mn[s] = -dmin * (float)(b[s] >> 4);
    }
}

X86_DECODE void decode_q3_k_x86(const uint8_t *b, int8_t *v, float *sc, float *mn) {
    const __m256i three = _mm256_set1_epi8(3);
    const __m256i four = _mm256_set1_epi8(4);
    __m256i hmask = _mm256_loadu_si256((const __m256i *)b);
    for (int half = 0; half < 2; half++) {
        __m256i q = _mm256_loadu_si256((const __m256i *)(b + 32 + 32 * half));
        for (int j = 0; j < 4; j++) {
            __m256i low = _mm256_and_si256(_mm256_srli_epi16(q, 2 * j), three);
            __m256i high = _mm256_slli_epi16(bit_of_bytes(hmask, 4 * half + j), 2);
            store32(v + 128 * half + 32 * j, _mm256_sub_epi8(_mm256_or_si256(low, high), four));
        }
    }
    float d = osprey_f16(b + 108);
    const uint8_t *s12 = b + 96;
    for (int s = 0; s < 16; s++) {
        int low = (s12[s % 8] >> (s < 8 ? 0 : 4)) & 0x0F;
        int high = (s12[8 + s % 4] >> (2 * (s / 4))) & 3;
        sc[s] = d * (float)((low | (high << 4)) - 32);
        mn[s] = 0.0f;
    }
}

/* 8 bytes to floats times m. */
X86_DECODE __m256 scaled_bytes8(uint64_t bytes, __m256 m) {
    return _mm256_mul_ps(m, _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(_mm_cvtsi64_si128((int64_t)bytes))));
}

/*
 * k4_scale_min for all eight sub-blocks at once, on the 12 bytes as three words: d * scale[j] into
 * sc8 and -dmin * min[j] into mn8, lane j for sub-block j.
 */
X86_DECODE void k4_scales_mins8(const uint8_t *b, __m256 *sc8, __m256 *mn8) {
    uint32_t w0 = osprey_load_u32(b + 4), w1 = osprey_load_u32(b + 8), w2 = osprey_load_u32(b + 12);
    uint64_t scales = (w0 & 0x3F3F3F3Fu) | (uint64_t)((w2 & 0x0F0F0F0Fu) | ((w0 >> 2) & 0x30303030u)) << 32;
    uint64_t mins = (w1 & 0x3F3F3F3Fu) | (uint64_t)(((w2 >> 4) & 0x0F0F0F0Fu) | ((w1 >> 2) & 0x30303030u)) << 32;
    __m128 dm = _mm_cvtph_ps(_mm_cvtsi32_si128((int32_t)osprey_load_u32(b))); /* f16 d, f16 dmin */
    *sc8 = scaled_bytes8(scales, _mm256_broadcastss_ps(dm));
    *mn8 = scaled_bytes8(mins, _mm256_broadcastss_ps(_mm_sub_ps(_mm_setzero_ps(), _mm_movehdup_ps(dm))));
}

/* k4_groups for the panel: each sub-block's scale and min written for both of its 16-groups. */
X86_DECODE void k4_groups_x86(const uint8_t *b, float *sc, float *mn) {
    __m256 sc8, mn8;
    k4_scales_mins8(b, &sc8, &mn8);
    const __m256i first = _mm256_setr_epi32(0, 0, 1, 1, 2, 2, 3, 3);
    const __m256i second = _mm256_setr_epi32(4, 4, 5, 5, 6, 6, 7, 7);
    _mm256_storeu_ps(sc, _mm256_permutevar8x32_ps(sc8, first));
    _mm256_storeu_ps(sc + 8, _mm256_permutevar8x32_ps(sc8, second));
    _mm256_storeu_ps(mn, _mm256_permutevar8x32_ps(mn8, first));
    _mm256_storeu_ps(mn + 8, _mm256_permutevar8x32_ps(mn8, second));
}

X86_DECODE void decode_q4_k_x86(const uint8_t *b, int8_t *v, float *sc, float *mn) {
    for (int c = 0; c < 4; c++) {
        __m256i q = _mm256_loadu_si256((const __m256i *)(b + 16 + 32 * c));
        store32(v + 64 * c, low_nibbles(q));
        store32(v + 64 * c + 32, high_nibbles(q));
    }
    k4_groups_x86(b, sc, mn);
}

X86_DECODE void decode_q5_k_x86(const uint8_t *b, int8_t *v, float *sc, float *mn) {
    __m256i qh = _mm256_loadu_si256((const __m256i *)(b + 16));
    for (int c = 0; c < 4; c++) {
        __m256i q = _mm256_loadu_si256((const __m256i *)(b + 48 + 32 * c));
        store32(v + 64 * c, _mm256_or_si256(low_nibbles(q), _mm256_slli_epi16(bit_of_bytes(qh, 2 * c), 4)));
        store32(v + 64 * c + 32, _mm256_or_si256(high_nibbles(q), _mm256_slli_epi16(bit_of_bytes(qh, 2 * c + 1), 4)));
    }
    k4_groups_x86(b, sc, mn);
}

X86_DECODE void decode_q6_k_x86(const uint8_t *b, int8_t *v, float *sc, float *mn) {
    const __m256i three = _mm256_set1_epi8(3);
    const __m256i bias = _mm256_set1_epi8(32);
    for (int half = 0; half < 2; half++) {
        __m256i q0 = _mm256_loadu_si256((const __m256i *)(b + 64 * half));
        __m256i q1 = _mm256_loadu_si256((const __m256i *)(b + 64 * half + 32));
        __m256i h = _mm256_loadu_si256((const __m256i *)(b + 128 + 32 * half));
        int8_t *o = v + 128 * half;
        for (int k = 0; k < 4; k++) {
            __m256i q = (k % 2) ? q1 : q0;
            __m256i low = k < 2 ? low_nibbles(q) : high_nibbles(q);
            __m256i high = _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(h, 2 * k), three), 4);
            store32(o + 32 * k, _mm256_sub_epi8(_mm256_or_si256(low, high), bias));
        }
    }
    float d = osprey_f16(b + 208);
    __m256 dv = _mm256_set1_ps(d);
    __m128i s16 = _mm_loadu_si128((const __m128i *)(b + 192));
    _mm256_storeu_ps(sc, _mm256_mul_ps(dv, _mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(s16))));
    _mm256_storeu_ps(sc + 8, _mm256_mul_ps(dv, _mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(_mm_srli_si128(s16, 8)))));
    _mm256_storeu_ps(mn, _mm256_setzero_ps());
    _mm256_storeu_ps(mn + 8, _mm256_setzero_ps());
}

X86_DECODE void decode_iq4_xs_x86(const uint8_t *b, int8_t *v, float *sc, float *mn) {
    float d = osprey_f16(b);
    uint32_t scales_h = osprey_load_u16(b + 2);
    for (int ib = 0; ib < 8; ib++) {
        store32(v + 32 * ib, grid_lookup(nibbles32(b + 8 + 16 * ib)));
        int low = (b[4 + ib / 2] >> (4 * (ib % 2))) & 0x0F;
        int high = (scales_h >> (2 * ib)) & 3;
        sc[2 * ib] = sc[2 * ib + 1] = d * (float)((low | (high << 4)) - 32);
        mn[2 * ib] = mn[2 * ib + 1] = 0.0f;
    }
}

#endif
