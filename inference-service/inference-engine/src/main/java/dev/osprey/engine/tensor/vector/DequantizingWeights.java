package dev.osprey.engine.tensor.vector;

import static dev.osprey.engine.tensor.vector.Lanes.F;
import static dev.osprey.engine.tensor.vector.Lanes.L;

import dev.osprey.engine.tensor.QuantizedMatrix;
import dev.osprey.engine.tensor.scalar.BlockFormat;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Weights of a type without a hand-written vector kernel (Q4_1, Q5_0, Q2_K, IQ4_XS and the other types
 * only llama.cpp's less common presets write): each row is dequantized by the type's scalar reference
 * format into a per-thread float row, then dotted with vectors. Exact to the reference's dequantization;
 * slower than a fused kernel, since every weight is written to and read back from L1 once.
 */
final class DequantizingWeights extends VectorWeights {
    /** Per thread: one dequantized row {@code [cols]}. */
    private static final ThreadLocal<float[]> ROW = ThreadLocal.withInitial(() -> new float[0]);

    private final BlockFormat format;
    private final MemorySegment data;
    private final long rowBytes;

    DequantizingWeights(QuantizedMatrix source, BlockFormat format) {
        super(source);
        this.format = format;
        this.data = source.data();
        this.rowBytes = source.rowBytes();
    }

    @Override
    void decode(float[] x, int xOffset, float[] out, int outOffset, int rowStart, int rowEnd) {
        float[] row = ROW.get();
        if (row.length < cols) {
            row = new float[cols];
            ROW.set(row);
        }
        int bound = F.loopBound(cols);
        for (int r = rowStart; r < rowEnd; r++) {
            format.dequantize(data, r * rowBytes, cols, row, 0);
            FloatVector acc = FloatVector.zero(F);
            int k = 0;
            for (; k < bound; k += L) {
                acc = FloatVector.fromArray(F, row, k).fma(FloatVector.fromArray(F, x, xOffset + k), acc);
            }
            float sum = acc.reduceLanes(VectorOperators.ADD);
            for (; k < cols; k++) {
                sum += row[k] * x[xOffset + k];
            }
            out[outOffset + r] = sum;
        }
    }

    @Override
    public void dequantizeRow(int row, float[] out, int outOffset) {
        format.dequantize(data, row * rowBytes, cols, out, outOffset);
    }
}
