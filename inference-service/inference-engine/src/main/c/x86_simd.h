/* Small x86 helpers shared by the kernel families; every one is inlined into a target-attributed caller. */
#ifndef OSPREY_X86_SIMD_H
#define OSPREY_X86_SIMD_H

#include <immintrin.h>

#define OSPREY_AVX2 __attribute__((target("avx2,fma,f16c")))
#define OSPREY_AVXVNNI __attribute__((target("avx2,fma,f16c,avxvnni")))
#define OSPREY_AVX512 __attribute__((target("avx2,fma,f16c,avx512f,avx512bw,avx512vl,avx512vnni")))
#define OSPREY_INLINE static inline __attribute__((always_inline))

/* Output rows computed per pass over a group of weight rows. */
#define OSPREY_ROWS 4

OSPREY_AVX2 OSPREY_INLINE float osprey_hsum256(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_extractf128_ps(v, 1), _mm256_castps256_ps128(v));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

OSPREY_AVX2 OSPREY_INLINE float osprey_f16(const uint8_t *p) {
    return _cvtsh_ss(osprey_load_u16(p));
}

/* 8 int32 partial sums of w[i] * x[i] over 32 signed bytes (|x| <= 127, so no int16 saturation). */
OSPREY_AVX2 OSPREY_INLINE __m256i osprey_dot_i8_avx2(__m256i w, __m256i x) {
    __m256i aw = _mm256_sign_epi8(w, w);
    __m256i sx = _mm256_sign_epi8(x, w);
    return _mm256_madd_epi16(_mm256_maddubs_epi16(aw, sx), _mm256_set1_epi16(1));
}

/* 8 int32 partial sums of u[i] * x[i], u unsigned bytes <= 15. */
OSPREY_AVX2 OSPREY_INLINE __m256i osprey_dot_u4_avx2(__m256i u, __m256i x) {
    return _mm256_madd_epi16(_mm256_maddubs_epi16(u, x), _mm256_set1_epi16(1));
}

/*
 * The f16 scales at a and b times the activation scales xd2 = {xd_a, xd_b}, spread over 16 lanes by
 * lanes (each lane's index: 0 for a, 1 for b).
 */
OSPREY_AVX512 OSPREY_INLINE __m512 osprey_scale_pair512(const uint8_t *a, const uint8_t *b, __m128 xd2, __m512i lanes) {
    __m128i h = _mm_cvtsi32_si128((int32_t)(osprey_load_u16(a) | ((uint32_t)osprey_load_u16(b) << 16)));
    return _mm512_permutexvar_ps(lanes, _mm512_castps128_ps512(_mm_mul_ps(_mm_cvtph_ps(h), xd2)));
}


#endif
