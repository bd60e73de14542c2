package dev.osprey.engine.tensor.vector;

import static dev.osprey.engine.tensor.vector.Lanes.F;
import static dev.osprey.engine.tensor.vector.Lanes.L;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Matmul for a few tokens (the decode steps of a continuous batch): each weight row is dequantized
 * once into a per-thread float row that stays in L1, then dotted with every token, four tokens per pass
 * so each row vector is loaded once per four FMAs. Weights are read from memory once per call, unlike
 * one decode per token; unlike {@link Panels}, nothing is transposed, which only pays off for many tokens.
 */
final class RowDots {
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[1][0]);

    private RowDots() {
    }

    static void matmul(VectorWeights w, float[] x, int xOffset, int nTokens, float[] out, int outOffset,
            int rowStart, int rowEnd) {
        int cols = w.cols;
        int rows = w.rows;
        float[][] scratch = SCRATCH.get();
        if (scratch[0].length < cols) {
            scratch[0] = new float[cols];
        }
        float[] row = scratch[0];
        int bound = F.loopBound(cols);
        for (int r = rowStart; r < rowEnd; r++) {
            w.dequantizeRow(r, row, 0);
            int t = 0;
            for (; t + 4 <= nTokens; t += 4) {
                dot4(row, cols, bound, x, xOffset + t * cols, out, outOffset + t * rows + r, rows);
            }
            for (; t < nTokens; t++) {
                out[outOffset + t * rows + r] = dot1(row, cols, bound, x, xOffset + t * cols);
            }
        }
    }

    /** {@code out[ob + j*rows] = row . x[xb + j*cols ..]} for j = 0..3. */
    private static void dot4(float[] row, int cols, int bound, float[] x, int xb, float[] out, int ob, int rows) {
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
        int x1 = xb + cols, x2 = x1 + cols, x3 = x2 + cols;
        int k = 0;
        for (; k < bound; k += L) {
            FloatVector v = FloatVector.fromArray(F, row, k);
            a0 = v.fma(FloatVector.fromArray(F, x, xb + k), a0);
            a1 = v.fma(FloatVector.fromArray(F, x, x1 + k), a1);
            a2 = v.fma(FloatVector.fromArray(F, x, x2 + k), a2);
            a3 = v.fma(FloatVector.fromArray(F, x, x3 + k), a3);
        }
        float s0 = a0.reduceLanes(VectorOperators.ADD), s1 = a1.reduceLanes(VectorOperators.ADD);
        float s2 = a2.reduceLanes(VectorOperators.ADD), s3 = a3.reduceLanes(VectorOperators.ADD);
        for (; k < cols; k++) {
            float v = row[k];
            s0 += v * x[xb + k];
            s1 += v * x[x1 + k];
            s2 += v * x[x2 + k];
            s3 += v * x[x3 + k];
        }
        out[ob] = s0;
        out[ob + rows] = s1;
        out[ob + 2 * rows] = s2;
        out[ob + 3 * rows] = s3;
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
