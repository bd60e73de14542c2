package dev.osprey.engine.tensor.vector;

import static dev.osprey.engine.tensor.vector.Lanes.F;
import static dev.osprey.engine.tensor.vector.Lanes.L;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Matmul for a few tokens (the decode steps of a continuous batch): each weight row is dequantized
 * once into a per-thread float row that stays in L1, then dotted with every token, two rows by four
 * tokens per pass (six vector loads per eight FMAs). Weights are read from memory once per call, unlike
 * one decode per token; unlike {@link Panels}, nothing is transposed, which only pays off for many tokens.
 */
final class RowDots {
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[2][0]);

    private RowDots() {
    }

    static void matmul(VectorWeights w, float[] x, int xOffset, int nTokens, float[] out, int outOffset,
            int rowStart, int rowEnd) {
        int cols = w.cols;
        int rows = w.rows;
        float[][] scratch = SCRATCH.get();
        if (scratch[0].length < cols) {
            scratch[0] = new float[cols];
            scratch[1] = new float[cols];
        }
        float[] row0 = scratch[0];
        float[] row1 = scratch[1];
        int bound = F.loopBound(cols);
        int r = rowStart;
        for (; r + 2 <= rowEnd; r += 2) {
            w.dequantizeRow(r, row0, 0);
            w.dequantizeRow(r + 1, row1, 0);
            int t = 0;
            for (; t + 4 <= nTokens; t += 4) {
                dot2x4(row0, row1, cols, bound, x, xOffset + t * cols, out, outOffset + t * rows + r, rows);
            }
            for (; t < nTokens; t++) {
                out[outOffset + t * rows + r] = dot1(row0, cols, bound, x, xOffset + t * cols);
                out[outOffset + t * rows + r + 1] = dot1(row1, cols, bound, x, xOffset + t * cols);
            }
        }
        if (r < rowEnd) {
            w.dequantizeRow(r, row0, 0);
            for (int t = 0; t < nTokens; t++) {
                out[outOffset + t * rows + r] = dot1(row0, cols, bound, x, xOffset + t * cols);
            }
        }
    }

    /**
     * {@code out[ob + j*rows + i] = row_i . x[xb + j*cols ..]} for rows i = 0, 1 and tokens j = 0..3:
     * six loads per eight FMAs.
     */
    private static void dot2x4(float[] row0, float[] row1, int cols, int bound, float[] x, int xb, float[] out,
            int ob, int rows) {
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
        int x1 = xb + cols, x2 = x1 + cols, x3 = x2 + cols;
        int k = 0;
        for (; k < bound; k += L) {
            FloatVector v = FloatVector.fromArray(F, row0, k);
            FloatVector u = FloatVector.fromArray(F, row1, k);
            FloatVector y = FloatVector.fromArray(F, x, xb + k);
            a0 = v.fma(y, a0);
            b0 = u.fma(y, b0);
            y = FloatVector.fromArray(F, x, x1 + k);
            a1 = v.fma(y, a1);
            b1 = u.fma(y, b1);
            y = FloatVector.fromArray(F, x, x2 + k);
            a2 = v.fma(y, a2);
            b2 = u.fma(y, b2);
            y = FloatVector.fromArray(F, x, x3 + k);
            a3 = v.fma(y, a3);
            b3 = u.fma(y, b3);
        }
        out[ob] = a0.reduceLanes(VectorOperators.ADD) + tail(row0, x, xb, k, cols);
        out[ob + 1] = b0.reduceLanes(VectorOperators.ADD) + tail(row1, x, xb, k, cols);
        out[ob + rows] = a1.reduceLanes(VectorOperators.ADD) + tail(row0, x, x1, k, cols);
        out[ob + rows + 1] = b1.reduceLanes(VectorOperators.ADD) + tail(row1, x, x1, k, cols);
        out[ob + 2 * rows] = a2.reduceLanes(VectorOperators.ADD) + tail(row0, x, x2, k, cols);
        out[ob + 2 * rows + 1] = b2.reduceLanes(VectorOperators.ADD) + tail(row1, x, x2, k, cols);
        out[ob + 3 * rows] = a3.reduceLanes(VectorOperators.ADD) + tail(row0, x, x3, k, cols);
        out[ob + 3 * rows + 1] = b3.reduceLanes(VectorOperators.ADD) + tail(row1, x, x3, k, cols);
    }

    /** Scalar {@code sum row[k..cols) * x[xb + k ..]}: columns past the last full vector. */
    private static float tail(float[] row, float[] x, int xb, int from, int cols) {
        float s = 0;
        for (int k = from; k < cols; k++) {
            s += row[k] * x[xb + k];
        }
        return s;
    }

    private static float dot1(float[] row, int cols, int bound, float[] x, int xb) {
        FloatVector a = FloatVector.zero(F);
        int k = 0;
        for (; k < bound; k += L) {
            a = FloatVector.fromArray(F, row, k).fma(FloatVector.fromArray(F, x, xb + k), a);
        }
        float s = a.reduceLanes(VectorOperators.ADD);
        for (; k < cols; k++) {
            s += row[k] * x[xb + k];
        }
        return s;
    }
}
