package dev.osprey.engine.tensor.vector;

import static dev.osprey.engine.tensor.vector.Lanes.BL;
import static dev.osprey.engine.tensor.vector.Lanes.F;
import static dev.osprey.engine.tensor.vector.Lanes.I;
import static dev.osprey.engine.tensor.vector.Lanes.L;
import static dev.osprey.engine.tensor.vector.Lanes.LE_SHORT;
import static dev.osprey.engine.tensor.vector.Lanes.bcast;
import static dev.osprey.engine.tensor.vector.Lanes.bytes;
import static dev.osprey.engine.tensor.vector.Lanes.dot;
import static dev.osprey.engine.tensor.vector.Lanes.f16;
import static dev.osprey.engine.tensor.vector.Lanes.hi;
import static dev.osprey.engine.tensor.vector.Lanes.lo;
import static dev.osprey.engine.tensor.vector.Lanes.store;
import static dev.osprey.engine.tensor.vector.Sliced.G4;
import static dev.osprey.engine.tensor.vector.Sliced.s4;

import dev.osprey.engine.tensor.QuantizedMatrix;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Q4_0 weights ({@code { f16 d; u8 qs[16]; }} blocks; low nibbles are elements 0..15, high nibbles
 * 16..31, value {@code d * (q - 8)}), repacked once at bind into one off-heap copy of exactly the
 * file's size: {@code [quants: rows x cols/2 bytes][f16 scales: rows x cols/32 x 2 bytes]}. Quants of
 * whole {@link Sliced#G4} groups are lane-sliced nibbles holding the signed {@code q - 8}; a
 * remainder of fewer than G4 elements keeps the file's block nibble order.
 */
final class Q4_0Weights extends VectorWeights {
    private static final int QK = 32;
    private static final int BLOCK_BYTES = 18;
    /** Lane slices (nibbles) per block: consecutive slices of a group share a block's scale. */
    private static final int SLICES = QK / L;

    private final MemorySegment packed;
    private final long stride;
    private final long scales;
    private final int blocks;
    private final int groups;

    Q4_0Weights(QuantizedMatrix source) {
        super(source);
        this.blocks = cols / QK;
        this.groups = G4 % QK == 0 ? cols / G4 : 0;
        this.stride = cols / 2;
        this.scales = stride * rows;
        this.packed = Arena.ofAuto().allocate(scales + 2L * blocks * rows, 64);
        MemorySegment src = source.data();
        int grouped = groups * G4;
        for (int r = 0; r < rows; r++) {
            long from = source.rowOffset(r);
            long to = r * stride;
            for (int b = 0; b < blocks; b++) {
                long block = from + (long) b * BLOCK_BYTES;
                packed.set(LE_SHORT, scales + 2L * ((long) r * blocks + b), src.get(LE_SHORT, block));
                if (b * QK < grouped) {
                    for (int i = 0; i < QK / 2; i++) {
                        int q = src.get(ValueLayout.JAVA_BYTE, block + 2 + i);
                        int e = b * QK + i;
                        Sliced.put4(packed, to + (long) (e / G4) * (G4 / 2), e % G4, (q & 0xF) ^ 8);
                        e += QK / 2;
                        Sliced.put4(packed, to + (long) (e / G4) * (G4 / 2), e % G4, ((q >> 4) & 0xF) ^ 8);
                    }
                } else {
                    MemorySegment.copy(src, block + 2, packed, to + (long) b * (QK / 2), QK / 2);
                }
            }
        }
    }

    @Override
    void decode(float[] x, int xOffset, float[] out, int outOffset, int rowStart, int rowEnd) {
        for (int r = rowStart; r < rowEnd; r++) {
            out[outOffset + r] = decode1(x, xOffset, r);
        }
    }

    /**
     * Half a group per loop body: one int-vector load (shifted right 16 for the upper half) and four
     * slices with constant shifts, about 26 vector ops, under C2's parse-time node budget.
     */
    private float decode1(float[] x, int xo, int r) {
        MemorySegment d = packed;
        long o = r * stride;
        long so = scales + 2L * r * blocks;
        FloatVector a = FloatVector.zero(F), c = a;
        for (int h = 0; h < 2 * groups; h++) {
            IntVector v = IntVector.fromMemorySegment(I, d, o + (long) (h >> 1) * (G4 / 2), Lanes.LE);
            if ((h & 1) != 0) {
                v = v.lanewise(VectorOperators.ASHR, 16);
            }
            int e = h * (G4 / 2);
            int xi = xo + e;
            a = s4(v, 0).mul(f16(d, so + 2L * (e / QK))).fma(Sliced.x(x, xi), a);
            c = s4(v, 1).mul(f16(d, so + 2L * ((e + L) / QK))).fma(Sliced.x(x, xi + L), c);
            a = s4(v, 2).mul(f16(d, so + 2L * ((e + 2 * L) / QK))).fma(Sliced.x(x, xi + 2 * L), a);
            c = s4(v, 3).mul(f16(d, so + 2L * ((e + 3 * L) / QK))).fma(Sliced.x(x, xi + 3 * L), c);
        }
        a = a.add(c);
        int b = groups * (G4 / QK);
        for (; b < blocks; b++) {
            long p = o + (long) b * (QK / 2);
            int xi = xo + b * QK;
            FloatVector s = bcast(f16(d, so + 2L * b));
            for (int i = 0; i < QK / 2; i += BL) {
                ByteVector q = bytes(d, p + i);
                a = dot(lo(q).sub((byte) 8), s, x, xi + i, a);
                a = dot(hi(q).sub((byte) 8), s, x, xi + 16 + i, a);
            }
        }
        return a.reduceLanes(VectorOperators.ADD);
    }

    @Override
    public void dequantizeRow(int row, float[] out, int outOffset) {
        MemorySegment d = packed;
        long o = row * stride;
        long so = scales + 2L * row * blocks;
        int b = 0;
        for (int g = 0; g < groups; g++) {
            IntVector v = IntVector.fromMemorySegment(I, d, o + (long) g * (G4 / 2), Lanes.LE);
            for (int n = 0; n < 8; n++) {
                float s = f16(d, so + 2L * (b + n / SLICES));
                Sliced.s4(v, n).mul(s).intoArray(out, outOffset + g * G4 + n * L);
            }
            b += 8 / SLICES;
        }
        for (; b < blocks; b++) {
            long p = o + (long) b * (QK / 2);
            int oi = outOffset + b * QK;
            FloatVector s = bcast(f16(d, so + 2L * b));
            for (int i = 0; i < QK / 2; i += BL) {
                ByteVector q = bytes(d, p + i);
                store(lo(q).sub((byte) 8), s, out, oi + i);
                store(hi(q).sub((byte) 8), s, out, oi + 16 + i);
            }
        }
    }
}
