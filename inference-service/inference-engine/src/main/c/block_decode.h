/*
 * Every quantized GGUF type decoded into the panel form the integer kernels read (panel.h): one unit
 * (a 32-element block, or a 256-element super-block for the K-quants and IQ4_XS) at a time, into
 *   v  int8  [E]      a signed level per element,
 *   sc float [E / 16] the scale of each 16-element group,
 *   mn float [E / 16] its offset (0 for types without one),
 * so that element i is sc[i / 16] * v[i] + mn[i / 16]. Plain C loops, inlined into each caller so
 * the compiler vectorizes them for the caller's target. Bit layouts are ggml's (see the scalar
 * formats in dev.osprey.engine.tensor.scalar, which these mirror).
 */
#ifndef OSPREY_BLOCK_DECODE_H
#define OSPREY_BLOCK_DECODE_H

#include <stdint.h>
#include <string.h>

#include "osprey_kernels.h"

#define DECODE_INLINE static inline __attribute__((always_inline))

/* ggml's kvalues_iq4nl. */
static const int8_t OSPREY_IQ4_GRID[16] = {-127, -104, -83, -65, -49, -35, -22, -10,
                                           1,    13,   25,  38,  53,  69,  89,  113};

DECODE_INLINE uint32_t osprey_load_u32(const uint8_t *p) {
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

DECODE_INLINE void fill_groups(float *dst, int groups, float value) {
    for (int g = 0; g < groups; g++) dst[g] = value;
}

/* Q8_0: { f16 d; int8 qs[32]; } */
DECODE_INLINE void decode_q8_0(const uint8_t *b, int8_t *v, float *sc, float *mn) {
    memcpy(v, b + 2, 32);
    fill_groups(sc, 2, osprey_f16_to_f32_ref(osprey_load_u16(b)));
    fill_groups(mn, 2, 0.0f);
}

/* Q4_0: { f16 d; u8 qs[16]; } element j low nibble of qs[j], j + 16 high; value d * (q - 8). */
DECODE_INLINE void decode_q4_0(const uint8_t *b, int8_t *v, float *sc, float *mn) {
    for (int j = 0; j < 16; j++) {
        v[j] = (int8_t)((b[2 + j] & 0x0F) - 8);
        v[j + 16] = (int8_t)((b[2 + j] >> 4) - 8);
    }
    fill_groups(sc, 2, osprey_f16_to_f32_ref(osprey_load_u16(b)));
    fill_groups(mn, 2, 0.0f);
}

/* Q4_1: { f16 d; f16 m; u8 qs[16]; } value d * q + m. */
DECODE_INLINE void decode_q4_1(const uint8_t *b, int8_t *v, float *sc, float *mn) {
    for (int j = 0; j < 16; j++) {
        v[j] = (int8_t)(b[4 + j] & 0x0F);
        v[j + 16] = (int8_t)(b[4 + j] >> 4);
    }
    fill_groups(sc, 2, osprey_f16_to_f32_ref(osprey_load_u16(b)));
    fill_groups(mn, 2, osprey_f16_to_f32_ref(osprey_load_u16(b + 2)));
}

/* Q5_0: { f16 d; u32 qh; u8 qs[16]; } fifth bit of element i is bit i of qh; value d * (q - 16). */
DECODE_INLINE void decode_q5_0(const uint8_t *b, int8_t *v, float *sc, float *mn) {
    uint32_t qh = osprey_load_u32(b + 2);
    for (int j = 0; j < 16; j++) {
        v[j] = (int8_t)(((b[6 + j] & 0x0F) | (((qh >> j) & 1) << 4)) - 16);
        v[j + 16] = (int8_t)(((b[6 + j] >> 4) | (((qh >> (j + 16)) & 1) << 4)) - 16);
    }
    fill_groups(sc, 2, osprey_f16_to_f32_ref(osprey_load_u16(b)));
    fill_groups(mn, 2, 0.0f);
}

/* Q5_1: { f16 d; f16 m; u32 qh; u8 qs[16]; } value d * q + m. */
DECODE_INLINE void decode_q5_1(const uint8_t *b, int8_t *v, float *sc, float *mn) {
    uint32_t qh = osprey_load_u32(b + 4);
    for (int j = 0; j < 16; j++) {
        v[j] = (int8_t)((b[8 + j] & 0x0F) | (((qh >> j) & 1) << 4));
        v[j + 16] = (int8_t)((b[8 + j] >> 4) | (((qh >> (j + 16)) & 1) << 4));
    }
    fill_groups(sc, 2, osprey_f16_to_f32_ref(osprey_load_u16(b)));
    fill_groups(mn, 2, osprey_f16_to_f32_ref(osprey_load_u16(b + 2)));
}

/* IQ4_NL: { f16 d; u8 qs[16]; } nibbles as Q4_0, each an index into the grid; value d * grid[q]. */
DECODE_INLINE void decode_iq4_nl(const uint8_t *b, int8_t *v, float *sc, float *mn) {
    for (int j = 0; j < 16; j++) {
        v[j] = OSPREY_IQ4_GRID[b[2 + j] & 0x0F];
        v[j + 16] = OSPREY_IQ4_GRID[b[2 + j] >> 4];
    }
    fill_groups(sc, 2, osprey_f16_to_f32_ref(osprey_load_u16(b)));
    fill_groups(mn, 2, 0.0f);
}

/* Q2_K: { u8 scales[16]; u8 qs[64]; f16 d; f16 dmin; } group s: d * (scales[s] & 15) * q - dmin * (scales[s] >> 4). */
DECODE_INLINE void decode_q2_k(const uint8_t *b, int8_t *v, float *sc, float *mn) {
    float d = osprey_f16_to_f32_ref(osprey_load_u16(b + 80));
    float dmin = osprey_f16_to_f32_ref(osprey_load_u16(b + 82));
    for (int half = 0; half < 2; half++) {
        const uint8_t *qs = b + 16 + 32 * half;
        for (int j = 0; j < 4; j++) {
            for (int l = 0; l < 32; l++) v[128 * half + 32 * j + l] = (int8_t)((qs[l] >> (2 * j)) & 3);
        }
    }
    for (int s = 0; s < 16; s++) {
        sc[s] = d * (float)(b[s] & 0x0F);
        mn[s] = -dmin * (float)(b[s] >> 4);
    }
}

/* Q3_K: { u8 hmask[32]; u8 qs[64]; u8 scales[12]; f16 d; } level (low | high << 2) - 4, signed 6-bit group scales. */
DECODE_INLINE void decode_q3_k(const uint8_t *b, int8_t *v, float *sc, float *mn) {
    float d = osprey_f16_to_f32_ref(osprey_load_u16(b + 108));
    const uint8_t *hmask = b;
    const uint8_t *s12 = b + 96;
    for (int half = 0; half < 2; half++) {
        const uint8_t *qs = b + 32 + 32 * half;
        for (int j = 0; j < 4; j++) {
            int bit = 4 * half + j;
            for (int l = 0; l < 32; l++) {
                int low = (qs[l] >> (2 * j)) & 3;
                int high = (hmask[l] >> bit) & 1;
                v[128 * half + 32 * j + l] = (int8_t)((low | (high << 2)) - 4);
            }
        }
    }
    for (int s = 0; s < 16; s++) {
        int low = (s12[s % 8] >> (s < 8 ? 0 : 4)) & 0x0F;
        int high = (s12[8 + s % 4] >> (2 * (s / 4))) & 3;
        sc[s] = d * (float)((low | (high << 4)) - 32);
    }
    fill_groups(mn, 16, 0.0f);
}

/* The 6-bit scale and min of sub-block j of a Q4_K/Q5_K super-block (ggml get_scale_min_k4). */
DECODE_INLINE void k4_scale_min(const uint8_t *s12, int j, int *scale, int *min) {
    if (j < 4) {
        *scale = s12[j] & 63;
        *min = s12[j + 4] & 63;
    } else {
        *scale = (s12[j + 4] & 0x0F) | ((s12[j - 4] >> 6) << 4);
        *min = (s12[j + 4] >> 4) | ((s12[j] >> 6) << 4);
    }
}

DECODE_INLINE void k4_groups(const uint8_t *b, float *sc, float *mn) {
    float d = osprey_f16_to_f32_ref(osprey_load_u16(b));
    float dmin = osprey_f16_to_f32_ref(osprey_load_u16(b + 2));
    for (int j = 0; j < 8; j++) {
        int scale, min;
        k4_scale_min(b + 4, j, &scale, &min);
        sc[2 * j] = sc[2 * j + 1] = d * (float)scale;
        mn[2 * j] = mn[2 * j + 1] = -dmin * (float)min;
    }
}

/* Q4_K: { f16 d; f16 dmin; u8 scales[12]; u8 qs[128]; } value d * sc * q - dmin * m per 32-sub-block. */
DECODE_INLINE void decode_q4_k(const uint8_t *b, int8_t *v, float *sc, float *mn) {
    const uint8_t *qs = b + 16;
    for (int c = 0; c < 4; c++) {
        for (int l = 0; l < 32; l++) {
            v[64 * c + l] = (int8_t)(qs[32 * c + l] & 0x0F);
            v[64 * c + 32 + l] = (int8_t)(qs[32 * c + l] >> 4);
        }
    }
    k4_groups(b, sc, mn);
}

/* Q5_K: { f16 d; f16 dmin; u8 scales[12]; u8 qh[32]; u8 qs[128]; } Q4_K plus a fifth bit from qh. */
DECODE_INLINE void decode_q5_k(const uint8_t *b, int8_t *v, float *sc, float *mn) {
    const uint8_t *qh = b + 16;
    const uint8_t *qs = b + 48;
    for (int c = 0; c < 4; c++) {
        for (int l = 0; l < 32; l++) {
            v[64 * c + l] = (int8_t)((qs[32 * c + l] & 0x0F) | (((qh[l] >> (2 * c)) & 1) << 4));
            v[64 * c + 32 + l] = (int8_t)((qs[32 * c + l] >> 4) | (((qh[l] >> (2 * c + 1)) & 1) << 4));
        }
    }
    k4_groups(b, sc, mn);
}

/* Q6_K: { u8 ql[128]; u8 qh[64]; int8 scales[16]; f16 d; } value d * scales[e / 16] * (q - 32). */
DECODE_INLINE void decode_q6_k(const uint8_t *b, int8_t *v, float *sc, float *mn) {
    float d = osprey_f16_to_f32_ref(osprey_load_u16(b + 208));
    for (int half = 0; half < 2; half++) {
        const uint8_t *ql = b + 64 * half;
        const uint8_t *qh = b + 128 + 32 * half;
        int8_t *o = v + 128 * half;
        for (int l = 0; l < 32; l++) {
            o[l] = (int8_t)(((ql[l] & 0x0F) | ((qh[l] & 3) << 4)) - 32);
            o[l + 32] = (int8_t)(((ql[l + 32] & 0x0F) | (((qh[l] >> 2) & 3) << 4)) - 32);
            o[l + 64] = (int8_t)(((ql[l] >> 4) | (((qh[l] >> 4) & 3) << 4)) - 32);
            o[l + 96] = (int8_t)(((ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4)) - 32);
        }
    }
    for (int s = 0; s < 16; s++) sc[s] = d * (float)(int8_t)b[192 + s];
    fill_groups(mn, 16, 0.0f);
}

/* IQ4_XS: { f16 d; u16 scales_h; u8 scales_l[4]; u8 qs[128]; } value d * (scale - 32) * grid[q] per 32-sub-block. */
DECODE_INLINE void decode_iq4_xs(const uint8_t *b, int8_t *v, float *sc, float *mn) {
    float d = osprey_f16_to_f32_ref(osprey_load_u16(b));
    uint32_t scales_h = osprey_load_u16(b + 2);
    for (int ib = 0; ib < 8; ib++) {
        const uint8_t *qs = b + 8 + 16 * ib;
        for (int j = 0; j < 16; j++) {
            v[32 * ib + j] = OSPREY_IQ4_GRID[qs[j] & 0x0F];
            v[32 * ib + 16 + j] = OSPREY_IQ4_GRID[qs[j] >> 4];
        }
        int low = (b[4 + ib / 2] >> (4 * (ib % 2))) & 0x0F;
        int high = (scales_h >> (2 * ib)) & 3;
        sc[2 * ib] = sc[2 * ib + 1] = d * (float)((low | (high << 4)) - 32);
    }
    fill_groups(mn, 16, 0.0f);
}

#endif
