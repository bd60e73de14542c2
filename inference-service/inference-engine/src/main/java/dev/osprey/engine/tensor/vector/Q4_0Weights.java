package dev.osprey.engine.tensor.vector;

import static dev.osprey.engine.tensor.vector.Lanes.BL;
import static dev.osprey.engine.tensor.vector.Lanes.F;
import static dev.osprey.engine.tensor.vector.Lanes.bcast;
import static dev.osprey.engine.tensor.vector.Lanes.bytes;
import static dev.osprey.engine.tensor.vector.Lanes.dot;
import static dev.osprey.engine.tensor.vector.Lanes.f16;
import static dev.osprey.engine.tensor.vector.Lanes.hi;
import static dev.osprey.engine.tensor.vector.Lanes.lo;
import static dev.osprey.engine.tensor.vector.Lanes.store;

import dev.osprey.engine.tensor.QuantizedMatrix;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Q4_0 weights ({@code { f16 d; u8 qs[16]; }} blocks; low nibbles are elements 0..15, high nibbles
 * 16..31, value {@code d * (q - 8)}), read in place from the mapped file. A block is
 * 16 / {@link Lanes#BL} byte loads.
 */
final class Q4_0Weights extends VectorWeights {
    private static final int QK = 32;
    private static final int BLOCK_BYTES = 18;

    private final MemorySegment data;
    private final long rowBytes;
    private final int blocks;

    Q4_0Weights(QuantizedMatrix source) {
        super(source);
        this.data = source.data();
        this.rowBytes = source.rowBytes();
        this.blocks = cols / QK;
    }

    @Override
    void decode(float[] x, int xOffset, float[] out, int outOffset, int rowStart, int rowEnd) {
        float[] aux = null;
        for (int r = rowStart; r < rowEnd; r++) {
            out[outOffset + r] = decode1(x, xOffset, aux, r);
        }
    }

    private float decode1(float[] x, int xo, float[] aux, int r) {
        MemorySegment d = data;
        long o = r * rowBytes;
        FloatVector a = FloatVector.zero(F);
        for (int b = 0; b < blocks; b++) {
            long p = o + (long) b * BLOCK_BYTES;
            int xi = xo + b * QK;
            FloatVector s = bcast(f16(d, p));
            ByteVector q = bytes(d, p + 2);
            a = dot(lo(q).sub((byte) 8), s, x, xi, a);
            a = dot(hi(q).sub((byte) 8), s, x, xi + 16, a);
            if (BL == 8) {
                q = bytes(d, p + 2 + 8);
                a = dot(lo(q).sub((byte) 8), s, x, xi + 8, a);
                a = dot(hi(q).sub((byte) 8), s, x, xi + 24, a);
            }
        }
        return a.reduceLanes(VectorOperators.ADD);
    }

    @Override
    public void dequantizeRow(int row, float[] out, int outOffset) {
        MemorySegment d = data;
        long o = row * rowBytes;
        for (int b = 0; b < blocks; b++) {
            long bo = o + (long) b * BLOCK_BYTES;
            int oi = outOffset + b * QK;
            FloatVector s = bcast(f16(d, bo));
            for (int i = 0; i < QK / 2; i += BL) {
                ByteVector q = bytes(d, bo + 2 + i);
                store(lo(q).sub((byte) 8), s, out, oi + i);
                store(hi(q).sub((byte) 8), s, out, oi + 16 + i);
            }
        }
    }
}
