package dev.osprey.engine.tensor.vector;

import static dev.osprey.engine.tensor.vector.Lanes.BL;
import static dev.osprey.engine.tensor.vector.Lanes.F;
import static dev.osprey.engine.tensor.vector.Lanes.L;
import static dev.osprey.engine.tensor.vector.Lanes.LE_SHORT;
import static dev.osprey.engine.tensor.vector.Lanes.bcast;
import static dev.osprey.engine.tensor.vector.Lanes.bytes;
import static dev.osprey.engine.tensor.vector.Lanes.dot;
import static dev.osprey.engine.tensor.vector.Lanes.f16;
import static dev.osprey.engine.tensor.vector.Lanes.store;
import static dev.osprey.engine.tensor.vector.Sliced.G8;
import static dev.osprey.engine.tensor.vector.Sliced.s8;

import dev.osprey.engine.tensor.QuantizedMatrix;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Q8_0 weights ({@code { f16 d; int8 qs[32]; }} blocks), repacked once at bind into an off-heap copy
 * of the same size, one row per {@code stride} bytes:
 * {@code [quants: cols bytes][f16 scales: cols/32 x 2 bytes]}. Quants of whole {@link Sliced#G8}
 * groups are lane-sliced; a remainder of fewer than G8 (one 32-block when G8 = 64) stays in order.
 */
final class Q8_0Weights extends VectorWeights {
    private static final int QK = 32;
    private static final int BLOCK_BYTES = 34;

    private final MemorySegment packed;
    private final long stride;
    private final int blocks;
    private final int groups;

    Q8_0Weights(QuantizedMatrix source) {
        this(source, source);
    }

    /**
     * Weights that report {@code source} (the file's tensor, e.g. Q5_0) but run on {@code blocks}, the same
     * matrix as Q8_0 blocks ({@link Q8Recoding}).
     */
    Q8_0Weights(QuantizedMatrix source, QuantizedMatrix blocks) {
        super(source);
        this.blocks = cols / QK;
        this.groups = cols / G8;
        this.stride = (cols + 2L * this.blocks + 63) & ~63L;
        this.packed = Arena.ofAuto().allocate(stride * rows, 64);
        MemorySegment src = blocks.data();
        for (int r = 0; r < rows; r++) {
            long from = blocks.rowOffset(r);
            long to = r * stride;
            for (int b = 0; b < this.blocks; b++) {
                long block = from + (long) b * BLOCK_BYTES;
                packed.set(LE_SHORT, to + cols + 2L * b, src.get(LE_SHORT, block));
                for (int i = 0; i < QK; i++) {
                    int e = b * QK + i;
                    byte q = src.get(ValueLayout.JAVA_BYTE, block + 2 + i);
                    if (e < groups * G8) {
                        Sliced.put8(packed, to + (long) (e / G8) * G8, e % G8, q);
                    } else {
                        packed.set(ValueLayout.JAVA_BYTE, to + e, q);
                    }
                }
            }
        }
    }

    /** Block of slice {@code j} of group {@code g}; a constant offset from {@code g} when groups span whole blocks. */
    private static int block(int g, int j) {
        return G8 >= QK ? g * (G8 / QK) + j * L / QK : (g * G8 + j * L) / QK;
    }

    private float scale(MemorySegment d, long row, int block) {
        return f16(d, row + cols + 2L * block);
    }

    /** {@code acc + W[row][block b] . x}, for a block outside the lane-sliced groups (in order). */
    private FloatVector tail(MemorySegment d, long row, int b, float[] x, int xo, FloatVector acc) {
        FloatVector s = bcast(scale(d, row, b));
        for (int i = 0; i < QK; i += BL) {
            acc = dot(bytes(d, row + b * QK + i), s, x, xo + b * QK + i, acc);
        }
        return acc;
    }

    @Override
    void decode(float[] x, int xOffset, float[] out, int outOffset, int rowStart, int rowEnd) {
        float[] aux = null;
        for (int r = rowStart; r < rowEnd; r++) {
            out[outOffset + r] = decode1(x, xOffset, aux, r);
        }
    }

    private float decode1(float[] x, int xo, float[] aux, int r) {
        MemorySegment d = packed;
        long o = r * stride;
        FloatVector a = FloatVector.zero(F), c = a;
        for (int g = 0; g < groups; g++) {
            IntVector v = Sliced.load(d, o + (long) g * G8);
            int xi = xo + g * G8;
            a = s8(v, 0).mul(scale(d, o, block(g, 0))).fma(Sliced.x(x, xi), a);
            c = s8(v, 1).mul(scale(d, o, block(g, 1))).fma(Sliced.x(x, xi + L), c);
            a = s8(v, 2).mul(scale(d, o, block(g, 2))).fma(Sliced.x(x, xi + 2 * L), a);
            c = s8(v, 3).mul(scale(d, o, block(g, 3))).fma(Sliced.x(x, xi + 3 * L), c);
        }
        a = a.add(c);
        for (int b = groups * G8 / QK; b < blocks; b++) {
            a = tail(d, o, b, x, xo, a);
        }
        return a.reduceLanes(VectorOperators.ADD);
    }

    @Override
    public void dequantizeRow(int row, float[] out, int outOffset) {
        MemorySegment d = packed;
        long o = row * stride;
        for (int g = 0; g < groups; g++) {
            IntVector v = Sliced.load(d, o + (long) g * G8);
            for (int j = 0; j < 4; j++) {
                s8(v, j).mul(scale(d, o, block(g, j))).intoArray(out, outOffset + g * G8 + j * L);
            }
        }
        for (int b = groups * G8 / QK; b < blocks; b++) {
            FloatVector s = bcast(scale(d, o, b));
            for (int i = 0; i < QK; i += BL) {
                store(bytes(d, o + b * QK + i), s, out, outOffset + b * QK + i);
            }
        }
    }
}
