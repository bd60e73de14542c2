package dev.osprey.engine.tensor.scalar;

import dev.osprey.engine.kvpages.KvPages;
import dev.osprey.engine.kvpages.KvType;
import dev.osprey.engine.tensor.AttentionKernel;

/**
 * The reference {@link AttentionKernel}: plain loops, keys and values decoded to floats a tile at a
 * time, {@link Math#exp}. The other backends are tested against it.
 */
public final class ScalarAttention implements AttentionKernel {
    public static final ScalarAttention INSTANCE = new ScalarAttention();

    private ScalarAttention() {
    }

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void attend(KvPages pages, int layer, int kvHead, int[] blockTable, int kLo, int kHi,
                       float[] q, int qOff, int qStride, int nq, int group, int qPos0, int window, float scale,
                       float[] o, int oOff, float[] ml, int mlOff) {
        AttentionKernel.check(pages, layer, kvHead, blockTable, kLo, kHi, q, qOff, qStride, nq, group, qPos0, window,
                o, oOff, ml, mlOff);
        int hd = pages.shape().headDim();
        int vd = pages.shape().valueHeadDim();
        int rows = nq * group;
        AttentionKernel.clearPartials(o, oOff, rows * vd, ml, mlOff, rows);
        KvType type = pages.type();
        int bs = pages.blockSize();
        float[] kt = new float[TILE * hd];
        float[] vt = new float[TILE * vd];
        float[] s = new float[TILE];
        for (int t0 = kLo; t0 < kHi; ) {
            int t1 = Math.min(Math.min(kHi, t0 + TILE), (t0 / bs + 1) * bs);
            int block = blockTable[t0 / bs];
            for (int j = t0; j < t1; j++) {
                type.decode(pages.memory(), pages.keyRow(layer, block, kvHead, j % bs), hd, kt, (j - t0) * hd);
                type.decode(pages.memory(), pages.valueRow(layer, block, kvHead, j % bs), vd, vt, (j - t0) * vd);
            }
            for (int i = 0; i < nq; i++) {
                int pos = qPos0 + i;
                int a = window > 0 ? Math.max(t0, pos - window + 1) : t0;
                int b = Math.min(t1, pos + 1);
                if (a >= b) {
                    continue;
                }
                for (int g = 0; g < group; g++) {
                    int r = i * group + g;
                    int qBase = qOff + i * qStride + g * hd;
                    float tileMax = Float.NEGATIVE_INFINITY;
                    for (int j = a; j < b; j++) {
                        float dot = 0;
                        for (int d = 0; d < hd; d++) {
                            dot += q[qBase + d] * kt[(j - t0) * hd + d];
                        }
                        s[j - t0] = dot * scale;
                        tileMax = Math.max(tileMax, s[j - t0]);
                    }
                    float m = ml[mlOff + 2 * r];
                    float mNew = Math.max(m, tileMax);
                    float alpha = m == Float.NEGATIVE_INFINITY ? 0f : (float) Math.exp(m - mNew);
                    float sum = 0;
                    for (int j = a; j < b; j++) {
                        float p = (float) Math.exp(s[j - t0] - mNew);
                        s[j - t0] = p;
                        sum += p;
                    }
                    ml[mlOff + 2 * r] = mNew;
                    ml[mlOff + 2 * r + 1] = ml[mlOff + 2 * r + 1] * alpha + sum;
                    int oBase = oOff + r * vd;
                    for (int d = 0; d < vd; d++) {
                        float acc = o[oBase + d] * alpha;
                        for (int j = a; j < b; j++) {
                            acc += s[j - t0] * vt[(j - t0) * vd + d];
                        }
                        o[oBase + d] = acc;
                    }
                }
            }
            t0 = t1;
        }
    }
}
