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
    void decode(float[] x, int xOffset, float[] out, int outOffset, int rowStart, int rowEnd) {
        float[] aux = prepare(x, xOffset);
        for (int r = rowStart; r < rowEnd; r++) {
            out[outOffset + r] = decode1(x, xOffset, aux, r);
        }
    }

    private float decode1(float[] x, int xo, float[] xsum, int r) {
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
