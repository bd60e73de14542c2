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
    void decode(float[] x, int xOffset, float[] out, int outOffset, int rowStart, int rowEnd) {
        float[] aux = null;
        for (int r = rowStart; r < rowEnd; r++) {
            out[outOffset + r] = decode1(x, xOffset, aux, r);
        }
    }

    /**
     * One loop body per (super-block, half, ql byte run {@code pr}, byte offset {@code i}): the ql
     * bytes give quarter {@code pr} (low nibbles) and quarter {@code pr + 2} (high nibbles), with shift
     * counts that vary by {@code pr} instead of a four-way switch, so the body stays near 20 vector
     * ops and C2 inlines all of it in any warm-up order.
     */
    private float decode1(float[] x, int xo, float[] aux, int r) {
        MemorySegment d = data;
        long o = r * rowBytes;
        FloatVector a = FloatVector.zero(F), c = a;
        for (int b = 0; b < blocks; b++) {
            long bo = o + (long) b * BLOCK_BYTES;
            float dd = f16(d, bo + D);
            for (int half = 0; half < 2; half++) {
                for (int pr = 0; pr < 2; pr++) {
                    for (int i = 0; i < 32; i += BL) {
                        ByteVector ql = ByteVector.fromMemorySegment(B, d, bo + 64 * half + 32 * pr + i, LE);
                        ByteVector qh = ByteVector.fromMemorySegment(B, d, bo + QH + 32 * half + i, LE);
                        ByteVector low = lo(ql).or(shlMask(qh, 4 - 2 * pr, 0x30303030)).sub((byte) 32);
                        ByteVector high = hi(ql).or(shrMask(qh, 2 * pr, 0x30303030)).sub((byte) 32);
                        int xl = xo + b * QK + 128 * half + 32 * pr + i;
                        int sl = 8 * half + 2 * pr + i / 16;
                        for (int p = 0; p < PARTS; p++) {
                            int e = p * L;
                            a = b2f(low, p).mul(FloatVector.fromArray(F, x, xl + e))
                                    .fma(FloatVector.broadcast(F, scale(d, bo, dd, sl + e / 16)), a);
                            c = b2f(high, p).mul(FloatVector.fromArray(F, x, xl + 64 + e))
                                    .fma(FloatVector.broadcast(F, scale(d, bo, dd, sl + 4 + e / 16)), c);
                        }
                    }
                }
            }
        }
        return a.add(c).reduceLanes(VectorOperators.ADD);
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
