/*
 * The body of osprey_attention_<ISA> (osprey_kernels.h), included once per instruction set by
 * attention.c with ISA, ATTR and the helpers rows_<ISA>, dot_<ISA>, scores_<ISA>, exps_<ISA> and
 * acc_<ISA> defined: per tile of at most OSPREY_ATTN_TILE keys within one block, keys and values are
 * widened to floats once (F32 rows are read in place); then every query row of the group takes its
 * scores, the online softmax update and its share of the values. Scores: with many rows (prefill) the
 * keys are transposed once to kt [head_dim][TILE], so a row's scores for the whole tile are head_dim
 * broadcast multiply-adds without horizontal sums; with few (decode), where the transpose would cost
 * more than it saves, one dot product per key.
 */
#define OSPREY_CAT_(a, b) a##_##b
#define OSPREY_CAT(a, b) OSPREY_CAT_(a, b)
#define OSPREY_ISA_FN(name) OSPREY_CAT(name, ISA)

ATTR void OSPREY_ISA_FN(osprey_attention)(
        const uint8_t *k, const uint8_t *v, int64_t k_block_stride, int64_t v_block_stride, int32_t kv_type,
        int32_t head_dim, int32_t v_head_dim, int32_t block_size, const int32_t *block_table, int32_t k_lo,
        int32_t k_hi, const float *q, int32_t q_stride, int32_t nq, int32_t group, int32_t q_pos0, int32_t window,
        float scale, float *o, float *ml) {
    float kr[OSPREY_ATTN_TILE * OSPREY_ATTN_MAX_DIM] __attribute__((aligned(64)));
    float kt[OSPREY_ATTN_MAX_DIM * OSPREY_ATTN_TILE] __attribute__((aligned(64)));
    float vt[OSPREY_ATTN_TILE * OSPREY_ATTN_MAX_DIM] __attribute__((aligned(64)));
    float s[OSPREY_ATTN_TILE + 16] __attribute__((aligned(64)));
    const int32_t k_row = kv_row_bytes(kv_type, head_dim);
    const int32_t v_row = kv_row_bytes(kv_type, v_head_dim);
    const int32_t rows = nq * group;
    for (int32_t r = 0; r < rows; r++) {
        ml[2 * r] = -INFINITY;
        ml[2 * r + 1] = 0.0f;
    }
    memset(o, 0, sizeof(float) * (size_t)rows * (size_t)v_head_dim);
    for (int32_t t0 = k_lo; t0 < k_hi;) {
        const int32_t b = t0 / block_size;
        int32_t t1 = (b + 1) * block_size;
        if (t1 > k_hi) t1 = k_hi;
        if (t1 > t0 + OSPREY_ATTN_TILE) t1 = t0 + OSPREY_ATTN_TILE;
        const int32_t n = t1 - t0;
        const int32_t slot = t0 - b * block_size;
        const uint8_t *kb = k + (int64_t)block_table[b] * k_block_stride + (int64_t)slot * k_row;
        const uint8_t *vb = v + (int64_t)block_table[b] * v_block_stride + (int64_t)slot * v_row;
        const float *kp = kr;
        const float *vp = vt;
        if (kv_type == OSPREY_KV_F32) {
            kp = (const float *)kb;
            vp = (const float *)vb;
        } else {
            OSPREY_ISA_FN(rows)(kv_type, kb, k_row, n, head_dim, kr);
            OSPREY_ISA_FN(rows)(kv_type, vb, v_row, n, v_head_dim, vt);
        }
        const int transposed = rows >= OSPREY_ATTN_TRANSPOSE_ROWS;
        if (transposed) {
            for (int32_t d = 0; d < head_dim; d++) {
                float *col = kt + (int64_t)d * OSPREY_ATTN_TILE;
                int32_t j = 0;
                for (; j < n; j++) col[j] = kp[(int64_t)j * head_dim + d];
                for (; j < OSPREY_ATTN_TILE; j++) col[j] = 0.0f;
            }
        }
        for (int32_t i = 0; i < nq; i++) {
            const int32_t pos = q_pos0 + i;
            int32_t a = t0;
            if (window > 0 && pos - window + 1 > a) a = pos - window + 1;
            int32_t e = pos + 1 < t1 ? pos + 1 : t1;
            if (a >= e) continue;
            for (int32_t g = 0; g < group; g++) {
                const int32_t r = i * group + g;
                const float *qr = q + (int64_t)i * q_stride + (int64_t)g * head_dim;
                if (transposed) {
                    OSPREY_ISA_FN(scores)(qr, kt, head_dim, scale, s);
                } else {
                    for (int32_t j = a; j < e; j++)
                        s[j - t0] = OSPREY_ISA_FN(dot)(qr, kp + (int64_t)(j - t0) * head_dim, head_dim) * scale;
                }
                float tile_max = -INFINITY;
                for (int32_t j = a; j < e; j++) {
                    if (s[j - t0] > tile_max) tile_max = s[j - t0];
                }
                const float m = ml[2 * r];
                const float m_new = m > tile_max ? m : tile_max;
                const float alpha = m == -INFINITY ? 0.0f : expf(m - m_new);
                const float sum = OSPREY_ISA_FN(exps)(s + (a - t0), e - a, m_new);
                ml[2 * r] = m_new;
                ml[2 * r + 1] = ml[2 * r + 1] * alpha + sum;
                OSPREY_ISA_FN(acc)(o + (int64_t)r * v_head_dim, v_head_dim, alpha, s + (a - t0), e - a,
                                   vp + (int64_t)(a - t0) * v_head_dim);
            }
        }
        t0 = t1;
    }
}

#undef OSPREY_ISA_FN
#undef OSPREY_CAT
#undef OSPREY_CAT_
