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
import static dev.osprey.engine.tensor.vector.Lanes.shlMask;
import static dev.osprey.engine.tensor.vector.Lanes.shrMask;

import dev.osprey.engine.tensor.QuantizedMatrix;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Q6_K weights ({@code { u8 ql[128]; u8 qh[64]; int8 scales[16]; f16 d; }} super-blocks of 256), read
 * in place. In half {@code h} of a super-block, bytes {@code ql[64h + l]}, {@code ql[64h + 32 + l]} and
 * {@code qh[32h + l]} ({@code l < 32}) make elements {@code 128h + l + {0, 32, 64, 96}}; each 16
 * elements share one signed scale.
 */
final class Q6_KWeights extends VectorWeights {
    private static final int QK = 256;
    private static final int BLOCK_BYTES = 210;
    private static final int QH = 128;
    private static final int SCALES = 192;
    private static final int D = 208;

    private final MemorySegment data;
    private final long rowBytes;
    private final int blocks;

    Q6_KWeights(QuantizedMatrix source) {
        super(source);
        this.data = source.data();
        this.rowBytes = source.rowBytes();
        this.blocks = cols / QK;
    }

    /** The four 6-bit quarters (values -32..31) from ql bytes {@code a}, {@code b} and qh bytes {@code h}. */
    private static ByteVector q6(ByteVector a, ByteVector b, ByteVector h, int quarter) {
        ByteVector v = switch (quarter) {
            case 0 -> lo(a).or(shlMask(h, 4, 0x30303030));
            case 1 -> lo(b).or(shlMask(h, 2, 0x30303030));
            case 2 -> hi(a).or(h.and((byte) 0x30));
            default -> hi(b).or(shrMask(h, 2, 0x30303030));
        };
        return v.sub((byte) 32);
    }

    private static float scale(MemorySegment d, long block, float dd, int sub) {
        return dd * d.get(ValueLayout.JAVA_BYTE, block + SCALES + sub);
    }

    @Override
    void decode4(float[] x, int xo, float[] aux, float[] out, int oo, int r) {
        MemorySegment d = data;
        long o0 = r * rowBytes, o1 = o0 + rowBytes, o2 = o1 + rowBytes, o3 = o2 + rowBytes;
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
        for (int b = 0; b < blocks; b++) {
            long bo = (long) b * BLOCK_BYTES;
            long b0 = o0 + bo, b1 = o1 + bo, b2 = o2 + bo, b3 = o3 + bo;
            float d0 = f16(d, b0 + D), d1 = f16(d, b1 + D), d2 = f16(d, b2 + D), d3 = f16(d, b3 + D);
            for (int half = 0; half < 2; half++) {
                for (int i = 0; i < 32; i += BL) {
                    long qa = 64 * half + i, qb = qa + 32, qh = QH + 32 * half + i;
                    ByteVector x0a = ByteVector.fromMemorySegment(B, d, b0 + qa, LE);
                    ByteVector x0b = ByteVector.fromMemorySegment(B, d, b0 + qb, LE);
                    ByteVector x0h = ByteVector.fromMemorySegment(B, d, b0 + qh, LE);
                    ByteVector x1a = ByteVector.fromMemorySegment(B, d, b1 + qa, LE);
                    ByteVector x1b = ByteVector.fromMemorySegment(B, d, b1 + qb, LE);
                    ByteVector x1h = ByteVector.fromMemorySegment(B, d, b1 + qh, LE);
                    ByteVector x2a = ByteVector.fromMemorySegment(B, d, b2 + qa, LE);
                    ByteVector x2b = ByteVector.fromMemorySegment(B, d, b2 + qb, LE);
                    ByteVector x2h = ByteVector.fromMemorySegment(B, d, b2 + qh, LE);
                    ByteVector x3a = ByteVector.fromMemorySegment(B, d, b3 + qa, LE);
                    ByteVector x3b = ByteVector.fromMemorySegment(B, d, b3 + qb, LE);
                    ByteVector x3h = ByteVector.fromMemorySegment(B, d, b3 + qh, LE);
                    for (int quarter = 0; quarter < 4; quarter++) {
                        ByteVector q0 = q6(x0a, x0b, x0h, quarter), q1 = q6(x1a, x1b, x1h, quarter);
                        ByteVector q2 = q6(x2a, x2b, x2h, quarter), q3 = q6(x3a, x3b, x3h, quarter);
                        for (int p = 0; p < PARTS; p++) {
                            int e = i + p * L;
                            int sub = 8 * half + 2 * quarter + e / 16;
                            FloatVector v = FloatVector.fromArray(F, x, xo + b * QK + 128 * half + 32 * quarter + e);
                            a0 = b2f(q0, p).mul(v).fma(FloatVector.broadcast(F, scale(d, b0, d0, sub)), a0);
                            a1 = b2f(q1, p).mul(v).fma(FloatVector.broadcast(F, scale(d, b1, d1, sub)), a1);
                            a2 = b2f(q2, p).mul(v).fma(FloatVector.broadcast(F, scale(d, b2, d2, sub)), a2);
                            a3 = b2f(q3, p).mul(v).fma(FloatVector.broadcast(F, scale(d, b3, d3, sub)), a3);
                        }
                    }
                }
            }
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
            float dd = f16(d, bo + D);
            for (int half = 0; half < 2; half++) {
                for (int i = 0; i < 32; i += BL) {
                    ByteVector qa = ByteVector.fromMemorySegment(B, d, bo + 64 * half + i, LE);
                    ByteVector qb = ByteVector.fromMemorySegment(B, d, bo + 64 * half + 32 + i, LE);
                    ByteVector qh = ByteVector.fromMemorySegment(B, d, bo + QH + 32 * half + i, LE);
                    for (int quarter = 0; quarter < 4; quarter++) {
                        ByteVector q = q6(qa, qb, qh, quarter);
                        for (int p = 0; p < PARTS; p++) {
                            int e = i + p * L;
                            int sub = 8 * half + 2 * quarter + e / 16;
                            FloatVector v = FloatVector.fromArray(F, x, xo + b * QK + 128 * half + 32 * quarter + e);
                            a = b2f(q, p).mul(v).fma(FloatVector.broadcast(F, scale(d, bo, dd, sub)), a);
                        }
                    }
                }
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
            float dd = f16(d, bo + D);
            for (int half = 0; half < 2; half++) {
                for (int i = 0; i < 32; i += BL) {
                    ByteVector qa = ByteVector.fromMemorySegment(B, d, bo + 64 * half + i, LE);
                    ByteVector qb = ByteVector.fromMemorySegment(B, d, bo + 64 * half + 32 + i, LE);
                    ByteVector qh = ByteVector.fromMemorySegment(B, d, bo + QH + 32 * half + i, LE);
                    for (int quarter = 0; quarter < 4; quarter++) {
                        ByteVector q = q6(qa, qb, qh, quarter);
                        for (int p = 0; p < PARTS; p++) {
                            int e = i + p * L;
                            int sub = 8 * half + 2 * quarter + e / 16;
                            b2f(q, p).mul(scale(d, bo, dd, sub))
                                    .intoArray(out, outOffset + b * QK + 128 * half + 32 * quarter + e);
                        }
                    }
                }
            }
        }
    }
}
