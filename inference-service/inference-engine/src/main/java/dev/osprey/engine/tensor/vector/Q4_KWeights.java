package dev.osprey.engine.tensor.vector;

import static dev.osprey.engine.tensor.vector.Lanes.B;
import static dev.osprey.engine.tensor.vector.Lanes.BL;
import static dev.osprey.engine.tensor.vector.Lanes.F;
import static dev.osprey.engine.tensor.vector.Lanes.L;
import static dev.osprey.engine.tensor.vector.Lanes.LE;
import static dev.osprey.engine.tensor.vector.Lanes.LE_INT;
import static dev.osprey.engine.tensor.vector.Lanes.LE_LONG;
import static dev.osprey.engine.tensor.vector.Lanes.PARTS;
import static dev.osprey.engine.tensor.vector.Lanes.b2f;
import static dev.osprey.engine.tensor.vector.Lanes.f16;
import static dev.osprey.engine.tensor.vector.Lanes.hi;
import static dev.osprey.engine.tensor.vector.Lanes.lo;

import dev.osprey.engine.tensor.QuantizedMatrix;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Q4_K weights ({@code { f16 d; f16 dmin; u8 scales[12]; u8 qs[128]; }} super-blocks of 256), read
 * in place. A row's dot is {@code sum_j d*sc_j*dot(q_j, x_j) - dmin*m_j*sum(x_j)} over its 32-element
 * sub-blocks {@code j}; the {@code sum(x_j)} are computed once per token by {@link #prepare}.
 */
final class Q4_KWeights extends VectorWeights {
    private static final int QK = 256;
    private static final int BLOCK_BYTES = 144;
    private static final int SCALES = 4;
    private static final int QS = 16;

    private final MemorySegment data;
    private final long rowBytes;
    private final int blocks;

    Q4_KWeights(QuantizedMatrix source) {
        super(source);
        this.data = source.data();
        this.rowBytes = source.rowBytes();
        this.blocks = cols / QK;
    }

    @Override
    float[] prepare(float[] x, int xOffset) {
        return KSums.of32(x, xOffset, cols);
    }

    @Override
    void decode4(float[] x, int xo, float[] xsum, float[] out, int oo, int r) {
        MemorySegment d = data;
        long o0 = r * rowBytes, o1 = o0 + rowBytes, o2 = o1 + rowBytes, o3 = o2 + rowBytes;
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
        float m0 = 0, m1 = 0, m2 = 0, m3 = 0;
        for (int b = 0; b < blocks; b++) {
            long bo = (long) b * BLOCK_BYTES;
            long b0 = o0 + bo, b1 = o1 + bo, b2 = o2 + bo, b3 = o3 + bo;
            float d0 = f16(d, b0), d1 = f16(d, b1), d2 = f16(d, b2), d3 = f16(d, b3);
            float n0 = f16(d, b0 + 2), n1 = f16(d, b1 + 2), n2 = f16(d, b2 + 2), n3 = f16(d, b3 + 2);
            long s0 = d.get(LE_LONG, b0 + SCALES), s1 = d.get(LE_LONG, b1 + SCALES);
            long s2 = d.get(LE_LONG, b2 + SCALES), s3 = d.get(LE_LONG, b3 + SCALES);
            int h0 = d.get(LE_INT, b0 + SCALES + 8), h1 = d.get(LE_INT, b1 + SCALES + 8);
            int h2 = d.get(LE_INT, b2 + SCALES + 8), h3 = d.get(LE_INT, b3 + SCALES + 8);
            for (int c = 0; c < 4; c++) {
                int xb = xo + b * QK + 64 * c;
                FloatVector u0 = FloatVector.zero(F), u1 = u0, u2 = u0, u3 = u0;
                FloatVector w0 = u0, w1 = u0, w2 = u0, w3 = u0;
                for (int i = 0; i < 32; i += BL) {
                    long q = QS + 32 * c + i;
                    ByteVector q0 = ByteVector.fromMemorySegment(B, d, b0 + q, LE);
                    ByteVector q1 = ByteVector.fromMemorySegment(B, d, b1 + q, LE);
                    ByteVector q2 = ByteVector.fromMemorySegment(B, d, b2 + q, LE);
                    ByteVector q3 = ByteVector.fromMemorySegment(B, d, b3 + q, LE);
                    ByteVector l0 = lo(q0), l1 = lo(q1), l2 = lo(q2), l3 = lo(q3);
                    ByteVector g0 = hi(q0), g1 = hi(q1), g2 = hi(q2), g3 = hi(q3);
                    for (int p = 0; p < PARTS; p++) {
                        FloatVector v = FloatVector.fromArray(F, x, xb + i + p * L);
                        u0 = b2f(l0, p).fma(v, u0);
                        u1 = b2f(l1, p).fma(v, u1);
                        u2 = b2f(l2, p).fma(v, u2);
                        u3 = b2f(l3, p).fma(v, u3);
                        v = FloatVector.fromArray(F, x, xb + 32 + i + p * L);
                        w0 = b2f(g0, p).fma(v, w0);
                        w1 = b2f(g1, p).fma(v, w1);
                        w2 = b2f(g2, p).fma(v, w2);
                        w3 = b2f(g3, p).fma(v, w3);
                    }
                }
                int j = 2 * c;
                float xl = xsum[b * 8 + j], xh = xsum[b * 8 + j + 1];
                a0 = w0.fma(FloatVector.broadcast(F, d0 * KScales6.scale(s0, h0, j + 1)), u0.fma(FloatVector.broadcast(F, d0 * KScales6.scale(s0, h0, j)), a0));
                a1 = w1.fma(FloatVector.broadcast(F, d1 * KScales6.scale(s1, h1, j + 1)), u1.fma(FloatVector.broadcast(F, d1 * KScales6.scale(s1, h1, j)), a1));
                a2 = w2.fma(FloatVector.broadcast(F, d2 * KScales6.scale(s2, h2, j + 1)), u2.fma(FloatVector.broadcast(F, d2 * KScales6.scale(s2, h2, j)), a2));
                a3 = w3.fma(FloatVector.broadcast(F, d3 * KScales6.scale(s3, h3, j + 1)), u3.fma(FloatVector.broadcast(F, d3 * KScales6.scale(s3, h3, j)), a3));
                m0 += n0 * (KScales6.min(s0, h0, j) * xl + KScales6.min(s0, h0, j + 1) * xh);
                m1 += n1 * (KScales6.min(s1, h1, j) * xl + KScales6.min(s1, h1, j + 1) * xh);
                m2 += n2 * (KScales6.min(s2, h2, j) * xl + KScales6.min(s2, h2, j + 1) * xh);
                m3 += n3 * (KScales6.min(s3, h3, j) * xl + KScales6.min(s3, h3, j + 1) * xh);
            }
        }
        out[oo + r] = a0.reduceLanes(VectorOperators.ADD) - m0;
        out[oo + r + 1] = a1.reduceLanes(VectorOperators.ADD) - m1;
        out[oo + r + 2] = a2.reduceLanes(VectorOperators.ADD) - m2;
        out[oo + r + 3] = a3.reduceLanes(VectorOperators.ADD) - m3;
    }

    @Override
    float decode1(float[] x, int xo, float[] xsum, int r) {
        MemorySegment d = data;
        long o = r * rowBytes;
        FloatVector a = FloatVector.zero(F);
        float m = 0;
        for (int b = 0; b < blocks; b++) {
            long bo = o + (long) b * BLOCK_BYTES;
            float dd = f16(d, bo), dmin = f16(d, bo + 2);
            long s = d.get(LE_LONG, bo + SCALES);
            int h = d.get(LE_INT, bo + SCALES + 8);
            for (int c = 0; c < 4; c++) {
                int xb = xo + b * QK + 64 * c;
                FloatVector u = FloatVector.zero(F), w = u;
                for (int i = 0; i < 32; i += BL) {
                    ByteVector q = ByteVector.fromMemorySegment(B, d, bo + QS + 32 * c + i, LE);
                    ByteVector l = lo(q), g = hi(q);
                    for (int p = 0; p < PARTS; p++) {
                        u = b2f(l, p).fma(FloatVector.fromArray(F, x, xb + i + p * L), u);
                        w = b2f(g, p).fma(FloatVector.fromArray(F, x, xb + 32 + i + p * L), w);
                    }
                }
                int j = 2 * c;
                a = w.fma(FloatVector.broadcast(F, dd * KScales6.scale(s, h, j + 1)), u.fma(FloatVector.broadcast(F, dd * KScales6.scale(s, h, j)), a));
                m += dmin * (KScales6.min(s, h, j) * xsum[b * 8 + j] + KScales6.min(s, h, j + 1) * xsum[b * 8 + j + 1]);
            }
        }
        return a.reduceLanes(VectorOperators.ADD) - m;
    }

    @Override
    public void dequantizeRow(int row, float[] out, int outOffset) {
        MemorySegment d = data;
        long o = row * rowBytes;
        for (int b = 0; b < blocks; b++) {
            long bo = o + (long) b * BLOCK_BYTES;
            float dd = f16(d, bo), dmin = f16(d, bo + 2);
            long s = d.get(LE_LONG, bo + SCALES);
            int h = d.get(LE_INT, bo + SCALES + 8);
            for (int c = 0; c < 4; c++) {
                int ob = outOffset + b * QK + 64 * c;
                int j = 2 * c;
                float sl = dd * KScales6.scale(s, h, j), ml = dmin * KScales6.min(s, h, j);
                float sh = dd * KScales6.scale(s, h, j + 1), mh = dmin * KScales6.min(s, h, j + 1);
                for (int i = 0; i < 32; i += BL) {
                    ByteVector q = ByteVector.fromMemorySegment(B, d, bo + QS + 32 * c + i, LE);
                    ByteVector l = lo(q), g = hi(q);
                    for (int p = 0; p < PARTS; p++) {
                        b2f(l, p).mul(sl).sub(ml).intoArray(out, ob + i + p * L);
                        b2f(g, p).mul(sh).sub(mh).intoArray(out, ob + 32 + i + p * L);
                    }
                }
            }
        }
    }
}
