package dev.osprey.engine.tensor.vector;

import dev.osprey.engine.kvpages.KvPages;
import dev.osprey.engine.kvpages.KvType;
import dev.osprey.engine.tensor.AttentionKernel;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link AttentionKernel} on the Vector API: the scalar reference's tile loop, with keys and values of
 * a tile widened to floats once (F32 rows are copied, F16 through {@link Float#float16ToFloat}, Q8_0
 * scaled) and then read by every query row of the group, dot products and value sums in vectors, and
 * the tile's exponentials as one vector operation. Scratch is per thread.
 */
public final class VectorAttention implements AttentionKernel {
    public static final VectorAttention INSTANCE = new VectorAttention();

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private VectorAttention() {
    }

    @Override
    public String name() {
        return "vector";
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
        Scratch sc = SCRATCH.get().ensure(hd, vd);
        float[] kt = sc.keys;
        float[] vt = sc.values;
        float[] s = sc.scores;
        KvType type = pages.type();
        MemorySegment mem = pages.memory();
        int bs = pages.blockSize();
        for (int t0 = kLo; t0 < kHi; ) {
            int t1 = Math.min(Math.min(kHi, t0 + TILE), (t0 / bs + 1) * bs);
            int block = blockTable[t0 / bs];
            int n = t1 - t0;
            long kRow = pages.keyRow(layer, block, kvHead, t0 % bs);
            long vRow = pages.valueRow(layer, block, kvHead, t0 % bs);
            if (type == KvType.F32) {
                MemorySegment.copy(mem, FLOAT, kRow, kt, 0, n * hd);
                MemorySegment.copy(mem, FLOAT, vRow, vt, 0, n * vd);
            } else {
                int kBytes = pages.shape().keyRowBytes();
                int vBytes = pages.shape().valueRowBytes();
                for (int j = 0; j < n; j++) {
                    type.decode(mem, kRow + (long) j * kBytes, hd, kt, j * hd);
                    type.decode(mem, vRow + (long) j * vBytes, vd, vt, j * vd);
                }
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
                        float dot = dot(q, qBase, kt, (j - t0) * hd, hd) * scale;
                        s[j - t0] = dot;
                        tileMax = Math.max(tileMax, dot);
                    }
                    float m = ml[mlOff + 2 * r];
                    float mNew = Math.max(m, tileMax);
                    float alpha = m == Float.NEGATIVE_INFINITY ? 0f : (float) Math.exp(m - mNew);
                    float sum = exponentials(s, a - t0, b - t0, mNew);
                    ml[mlOff + 2 * r] = mNew;
                    ml[mlOff + 2 * r + 1] = ml[mlOff + 2 * r + 1] * alpha + sum;
                    accumulate(o, oOff + r * vd, vd, alpha, s, a - t0, b - t0, vt);
                }
            }
            t0 = t1;
        }
    }

    private static float dot(float[] a, int ao, float[] b, int bo, int n) {
        int bound = S.loopBound(n);
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        for (; i < bound; i += S.length()) {
            acc = FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), acc);
        }
        float sum = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            sum += a[ao + i] * b[bo + i];
        }
        return sum;
    }

    /** s[j] = exp(s[j] - max) for j in [from, to); returns their sum. */
    private static float exponentials(float[] s, int from, int to, float max) {
        FloatVector vmax = FloatVector.broadcast(S, max);
        FloatVector acc = FloatVector.zero(S);
        int j = from;
        for (; j + S.length() <= to; j += S.length()) {
            FloatVector e = FloatVector.fromArray(S, s, j).sub(vmax).lanewise(VectorOperators.EXP);
            e.intoArray(s, j);
            acc = acc.add(e);
        }
        float sum = acc.reduceLanes(VectorOperators.ADD);
        for (; j < to; j++) {
            float e = (float) Math.exp(s[j] - max);
            s[j] = e;
            sum += e;
        }
        return sum;
    }

    /** o[oBase + d] = o[oBase + d] * alpha + sum over j in [from, to) of p[j] * vt[j][d]. */
    private static void accumulate(float[] o, int oBase, int vd, float alpha, float[] p, int from, int to, float[] vt) {
        int bound = S.loopBound(vd);
        int d = 0;
        for (; d < bound; d += S.length()) {
            FloatVector acc = FloatVector.fromArray(S, o, oBase + d).mul(alpha);
            for (int j = from; j < to; j++) {
                acc = FloatVector.fromArray(S, vt, j * vd + d).fma(FloatVector.broadcast(S, p[j]), acc);
            }
            acc.intoArray(o, oBase + d);
        }
        for (; d < vd; d++) {
            float acc = o[oBase + d] * alpha;
            for (int j = from; j < to; j++) {
                acc += p[j] * vt[j * vd + d];
            }
            o[oBase + d] = acc;
        }
    }

    /** One thread's tile buffers: keys [TILE][headDim], values [TILE][valueHeadDim], scores [TILE]. */
    private static final class Scratch {
        float[] keys = new float[0];
        float[] values = new float[0];
        final float[] scores = new float[TILE];

        Scratch ensure(int hd, int vd) {
            if (keys.length < TILE * hd) {
                keys = new float[TILE * hd];
            }
            if (values.length < TILE * vd) {
                values = new float[TILE * vd];
            }
            return this;
        }
    }
}
