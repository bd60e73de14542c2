/*
 * The body of osprey_attention_<ISA> (osprey_kernels.h), included once per instruction set by
 * attention.c with ISA, ATTR, TRANSPOSE_ROWS and the helpers rows_<ISA>, transpose_<ISA>,
 * transpose_f16_<ISA>, dot_<ISA>, max_<ISA>,
 * scores_<ISA>, scores2_<ISA>, exps_<ISA>, acc_<ISA> and acc2_<ISA> defined: per tile of at most OSPREY_ATTN_TILE keys (gathered from as many blocks as it
 * spans), keys and values are widened to floats once; then every query row of the group takes its
 * scores, the online softmax update and its share of the values. Scores: with TRANSPOSE_ROWS rows or more the
 * keys are transposed once to kt [head_dim][TILE] (F16 keys straight from the pages), so a row's scores for the whole tile are head_dim
 * broadcast multiply-adds without horizontal sums, two query heads at a time (they share the loads and
 * keep eight multiply-add chains in flight); with few (decode), where the transpose would cost more
 * than it saves, one dot product per key.
 */
#define OSPREY_CAT_(a, b) a##_##b
#define OSPREY_CAT(a, b) OSPREY_CAT_(a, b)
#define OSPREY_ISA_FN(name) OSPREY_CAT(name, ISA)

/*
 * Online-softmax step of one row over its tile scores s[0, n) (all visible): m and l at ml_r are
 * updated, s becomes exp(s - m_new); returns the factor alpha = exp(m_old - m_new) its o must be scaled by.
 */
ATTR static inline __attribute__((always_inline)) float OSPREY_ISA_FN(softmax_step)(float *s, int32_t n, float *ml_r) {
    const float tile_max = OSPREY_ISA_FN(max)(s, n);
    const float m = ml_r[0];
    const float m_new = m > tile_max ? m : tile_max;
    const float alpha = m == -INFINITY ? 0.0f : expf(m - m_new);
    const float sum = OSPREY_ISA_FN(exps)(s, n, m_new);
    ml_r[0] = m_new;
    ml_r[1] = ml_r[1] * alpha + sum;
    return alpha;
}

ATTR void OSPREY_ISA_FN(osprey_attention)(
        const uint8_t *k, const uint8_t *v, int64_t k_block_stride, int64_t v_block_stride, int32_t kv_type,
        int32_t head_dim, int32_t v_head_dim, int32_t block_size, const int32_t *block_table, int32_t k_lo,
        int32_t k_hi, const float *q, int32_t q_stride, int32_t nq, int32_t group, int32_t q_pos0, int32_t window,
        float scale, float *o, float *ml) {
    float kr[OSPREY_ATTN_TILE * OSPREY_ATTN_MAX_DIM] __attribute__((aligned(64)));
    float kt[OSPREY_ATTN_MAX_DIM * OSPREY_ATTN_TILE] __attribute__((aligned(64)));
    float vt[OSPREY_ATTN_TILE * OSPREY_ATTN_MAX_DIM] __attribute__((aligned(64)));
    float s[OSPREY_ATTN_TILE + 16] __attribute__((aligned(64)));
    float s2[OSPREY_ATTN_TILE + 16] __attribute__((aligned(64)));
    const uint8_t *kptr[OSPREY_ATTN_TILE];
    const int32_t k_row = kv_row_bytes(kv_type, head_dim);
    const int32_t v_row = kv_row_bytes(kv_type, v_head_dim);
    const int32_t rows = nq * group;
    for (int32_t r = 0; r < rows; r++) {
        ml[2 * r] = -INFINITY;
        ml[2 * r + 1] = 0.0f;
    }
    memset(o, 0, sizeof(float) * (size_t)rows * (size_t)v_head_dim);
    for (int32_t t0 = k_lo; t0 < k_hi;) {
        int32_t t1 = t0 + OSPREY_ATTN_TILE < k_hi ? t0 + OSPREY_ATTN_TILE : k_hi;
        const int32_t n = t1 - t0;
        const int transposed = rows >= TRANSPOSE_ROWS;
        const int f16_direct = transposed && kv_type == OSPREY_KV_F16;
        for (int32_t jj = t0; jj < t1;) {
            const int32_t b = jj / block_size;
            const int32_t run_end = (b + 1) * block_size < t1 ? (b + 1) * block_size : t1;
            const int32_t slot = jj - b * block_size;
            const uint8_t *kb = k + (int64_t)block_table[b] * k_block_stride + (int64_t)slot * k_row;
            const uint8_t *vb = v + (int64_t)block_table[b] * v_block_stride + (int64_t)slot * v_row;
            float *kd = kr + (int64_t)(jj - t0) * head_dim;
            float *vd = vt + (int64_t)(jj - t0) * v_head_dim;
            if (kv_type == OSPREY_KV_F32) {
                memcpy(kd, kb, sizeof(float) * (size_t)(run_end - jj) * (size_t)head_dim);
                memcpy(vd, vb, sizeof(float) * (size_t)(run_end - jj) * (size_t)v_head_dim);
            } else {
                if (f16_direct) {
                    for (int32_t i = 0; i < run_end - jj; i++) kptr[jj - t0 + i] = kb + (int64_t)i * k_row;
                } else {
                    OSPREY_ISA_FN(rows)(kv_type, kb, k_row, run_end - jj, head_dim, kd);
                }
                OSPREY_ISA_FN(rows)(kv_type, vb, v_row, run_end - jj, v_head_dim, vd);
            }
            jj = run_end;
        }
        const float *kp = kr;
        const float *vp = vt;
        if (f16_direct) {
            OSPREY_ISA_FN(transpose_f16)(kptr, n, head_dim, kt);
        } else if (transposed) {
            OSPREY_ISA_FN(transpose)(kr, n, head_dim, kt);
        }
        for (int32_t i = 0; i < nq; i++) {
            const int32_t pos = q_pos0 + i;
            int32_t a = t0;
            if (window > 0 && pos - window + 1 > a) a = pos - window + 1;
            int32_t e = pos + 1 < t1 ? pos + 1 : t1;
            if (a >= e) continue;
            for (int32_t g = 0; g < group;) {
                const int32_t r = i * group + g;
                const float *qr = q + (int64_t)i * q_stride + (int64_t)g * head_dim;
                const float *vr = vp + (int64_t)(a - t0) * v_head_dim;
                if (transposed && g + 1 < group) {
                    OSPREY_ISA_FN(scores2)(qr, qr + head_dim, kt, head_dim, scale, s, s2);
                    const float alpha0 = OSPREY_ISA_FN(softmax_step)(s + (a - t0), e - a, ml + 2 * r);
                    const float alpha1 = OSPREY_ISA_FN(softmax_step)(s2 + (a - t0), e - a, ml + 2 * r + 2);
                    OSPREY_ISA_FN(acc2)(o + (int64_t)r * v_head_dim, o + (int64_t)(r + 1) * v_head_dim, v_head_dim,
                                        alpha0, alpha1, s + (a - t0), s2 + (a - t0), e - a, vr);
                    g += 2;
                    continue;
                }
                if (transposed) {
                    OSPREY_ISA_FN(scores)(qr, kt, head_dim, scale, s);
                } else {
                    for (int32_t j = a; j < e; j++)
                        s[j - t0] = OSPREY_ISA_FN(dot)(qr, kp + (int64_t)(j - t0) * head_dim, head_dim) * scale;
                }
                const float alpha = OSPREY_ISA_FN(softmax_step)(s + (a - t0), e - a, ml + 2 * r);
                OSPREY_ISA_FN(acc)(o + (int64_t)r * v_head_dim, v_head_dim, alpha, s + (a - t0), e - a, vr);
                g++;
            }
        }
        t0 = t1;
    }
}

#undef OSPREY_ISA_FN
#undef OSPREY_CAT
#undef OSPREY_CAT_
