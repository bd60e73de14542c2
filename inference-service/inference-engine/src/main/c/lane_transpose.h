/*
 * Lane form from rows (lane_panel.c, lane_decode.c): 16 bytes of each of 16 rows, four rows to a
 * register, transposed in 32-bit units so that register m holds dword m of every row, row k in lane k.
 */
#ifndef OSPREY_LANE_TRANSPOSE_H
#define OSPREY_LANE_TRANSPOSE_H

#include <stdint.h>

#include "osprey_kernels.h"
#include "x86_simd.h"

/*
 * Four registers of 16 bytes from each of 16 rows, a[i] lane L = row 4L + i, transposed in 32-bit
 * units: out[m] lane k = dword m of row k (rows in lane order, 4 dwords of the 16 bytes each).
 */
OSPREY_AVX512 OSPREY_INLINE void transpose_rows4(const __m512i a[4], __m512i out[4]) {
    __m512i t0 = _mm512_unpacklo_epi32(a[0], a[1]);
    __m512i t1 = _mm512_unpackhi_epi32(a[0], a[1]);
    __m512i t2 = _mm512_unpacklo_epi32(a[2], a[3]);
    __m512i t3 = _mm512_unpackhi_epi32(a[2], a[3]);
    out[0] = _mm512_unpacklo_epi64(t0, t2);
    out[1] = _mm512_unpackhi_epi64(t0, t2);
    out[2] = _mm512_unpacklo_epi64(t1, t3);
    out[3] = _mm512_unpackhi_epi64(t1, t3);
}

/* 16 bytes at row[k] + at for the 16 rows, as transpose_rows4 takes them. */
OSPREY_AVX512 OSPREY_INLINE void load_rows4(const uint8_t *const row[16], int64_t at, __m512i a[4]) {
#pragma GCC unroll 4
    for (int i = 0; i < 4; i++) {
        __m512i x = _mm512_castsi128_si512(_mm_loadu_si128((const __m128i *)(row[i] + at)));
        x = _mm512_inserti32x4(x, _mm_loadu_si128((const __m128i *)(row[4 + i] + at)), 1);
        x = _mm512_inserti32x4(x, _mm_loadu_si128((const __m128i *)(row[8 + i] + at)), 2);
        a[i] = _mm512_inserti32x4(x, _mm_loadu_si128((const __m128i *)(row[12 + i] + at)), 3);
    }
}

#endif
