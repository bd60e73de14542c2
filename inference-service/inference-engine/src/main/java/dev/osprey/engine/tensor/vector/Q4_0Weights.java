package dev.osprey.engine.tensor.vector;

import static dev.osprey.engine.tensor.vector.Lanes.B;
import static dev.osprey.engine.tensor.vector.Lanes.BL;
import static dev.osprey.engine.tensor.vector.Lanes.F;
import static dev.osprey.engine.tensor.vector.Lanes.L;
import static dev.osprey.engine.tensor.vector.Lanes.LE;
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
 * Q4_0 weights ({@code { f16 d; u8 qs[16]; }} blocks; low nibbles are elements 0..15, high nibbles
 * 16..31, value {@code d * (q - 8)}), read in place from the mapped file.
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
    void decode4(float[] x, int xo, float[] aux, float[] out, int oo, int r) {
        MemorySegment d = data;
        long o0 = r * rowBytes, o1 = o0 + rowBytes, o2 = o1 + rowBytes, o3 = o2 + rowBytes;
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
        for (int b = 0; b < blocks; b++) {
            long bo = (long) b * BLOCK_BYTES;
            int xb = xo + b * QK;
            FloatVector t0 = FloatVector.zero(F), t1 = t0, t2 = t0, t3 = t0;
            for (int i = 0; i < QK / 2; i += BL) {
                ByteVector q0 = ByteVector.fromMemorySegment(B, d, o0 + bo + 2 + i, LE);
                ByteVector q1 = ByteVector.fromMemorySegment(B, d, o1 + bo + 2 + i, LE);
                ByteVector q2 = ByteVector.fromMemorySegment(B, d, o2 + bo + 2 + i, LE);
                ByteVector q3 = ByteVector.fromMemorySegment(B, d, o3 + bo + 2 + i, LE);
                ByteVector l0 = lo(q0).sub((byte) 8), l1 = lo(q1).sub((byte) 8);
                ByteVector l2 = lo(q2).sub((byte) 8), l3 = lo(q3).sub((byte) 8);
                ByteVector h0 = hi(q0).sub((byte) 8), h1 = hi(q1).sub((byte) 8);
                ByteVector h2 = hi(q2).sub((byte) 8), h3 = hi(q3).sub((byte) 8);
                for (int p = 0; p < PARTS; p++) {
                    FloatVector v = FloatVector.fromArray(F, x, xb + i + p * L);
                    t0 = b2f(l0, p).fma(v, t0);
                    t1 = b2f(l1, p).fma(v, t1);
                    t2 = b2f(l2, p).fma(v, t2);
                    t3 = b2f(l3, p).fma(v, t3);
                    v = FloatVector.fromArray(F, x, xb + QK / 2 + i + p * L);
                    t0 = b2f(h0, p).fma(v, t0);
                    t1 = b2f(h1, p).fma(v, t1);
                    t2 = b2f(h2, p).fma(v, t2);
                    t3 = b2f(h3, p).fma(v, t3);
                }
            }
            a0 = t0.fma(FloatVector.broadcast(F, f16(d, o0 + bo)), a0);
            a1 = t1.fma(FloatVector.broadcast(F, f16(d, o1 + bo)), a1);
            a2 = t2.fma(FloatVector.broadcast(F, f16(d, o2 + bo)), a2);
            a3 = t3.fma(FloatVector.broadcast(F, f16(d, o3 + bo)), a3);
        }
        out[oo + r] = a0.reduceLanes(VectorOperators.ADD);
        out[oo + r + 1] = a1.reduceLanes(VectorOperators.ADD);
        out[oo + r + 2] = a2.reduceLanes(VectorOperators.ADD);
        out[oo + r + 3] = a3.reduceLanes(VectorOperators.ADD);
    }

    @Override
    float decode1(float[] x, int xo, float[] aux, int r) {
        MemorySegment d = data;
        long o = r * rowBytes;
        FloatVector a = FloatVector.zero(F);
        for (int b = 0; b < blocks; b++) {
            long bo = o + (long) b * BLOCK_BYTES;
            int xb = xo + b * QK;
            FloatVector t = FloatVector.zero(F);
            for (int i = 0; i < QK / 2; i += BL) {
                ByteVector q = ByteVector.fromMemorySegment(B, d, bo + 2 + i, LE);
                ByteVector l = lo(q).sub((byte) 8);
                ByteVector h = hi(q).sub((byte) 8);
                for (int p = 0; p < PARTS; p++) {
                    t = b2f(l, p).fma(FloatVector.fromArray(F, x, xb + i + p * L), t);
                    t = b2f(h, p).fma(FloatVector.fromArray(F, x, xb + QK / 2 + i + p * L), t);
                }
            }
            a = t.fma(FloatVector.broadcast(F, f16(d, bo)), a);
        }
        return a.reduceLanes(VectorOperators.ADD);
    }

    @Override
    public void dequantizeRow(int row, float[] out, int outOffset) {
        MemorySegment d = data;
        long o = row * rowBytes;
        for (int b = 0; b < blocks; b++) {
            long bo = o + (long) b * BLOCK_BYTES;
            int ob = outOffset + b * QK;
            float scale = f16(d, bo);
            for (int i = 0; i < QK / 2; i += BL) {
                ByteVector q = ByteVector.fromMemorySegment(B, d, bo + 2 + i, LE);
                ByteVector l = lo(q).sub((byte) 8);
                ByteVector h = hi(q).sub((byte) 8);
                for (int p = 0; p < PARTS; p++) {
                    b2f(l, p).mul(scale).intoArray(out, ob + i + p * L);
                    b2f(h, p).mul(scale).intoArray(out, ob + QK / 2 + i + p * L);
                }
            }
        }
    }
}
