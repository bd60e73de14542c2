package dev.osprey.engine.tensor.vector;

import static dev.osprey.engine.tensor.vector.Lanes.F;
import static dev.osprey.engine.tensor.vector.Lanes.L;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Matmul for a few tokens (the decode steps of a continuous batch): each weight row is dequantized
 * once into per-thread float rows that stay in L1, then dotted with every token, four rows by four
 * tokens per pass (eight vector loads per sixteen FMAs; this machine issues about one 512-bit load per
 * cycle, so loads, not FMAs, bound the pass). Weights are read from memory once per call, unlike
 * one decode per token; unlike {@link Panels}, nothing is transposed, which only pays off for many tokens.
 */
final class RowDots {
    /** Per thread: four dequantized rows {@code [4][cols]}. */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[4][0]);

    private RowDots() {
    }

    static void matmul(VectorWeights w, float[] x, int xOffset, int nTokens, float[] out, int outOffset,
            int rowStart, int rowEnd) {
        int cols = w.cols;
        int rows = w.rows;
        float[][] scratch = SCRATCH.get();
        if (scratch[0].length < cols) {
            for (int i = 0; i < 4; i++) {
                scratch[i] = new float[cols];
            }
        }
        float[] row0 = scratch[0];
        float[] row1 = scratch[1];
        float[] row2 = scratch[2];
        float[] row3 = scratch[3];
        float[] sums = SUMS.get();
        int bound = F.loopBound(cols);
        int r = rowStart;
        for (; r + 4 <= rowEnd; r += 4) {
            w.dequantizeRow(r, row0, 0);
            w.dequantizeRow(r + 1, row1, 0);
            w.dequantizeRow(r + 2, row2, 0);
            w.dequantizeRow(r + 3, row3, 0);
            for (int t = 0; t < nTokens; t += 4) {
                int n = Math.min(4, nTokens - t);
                int xb = xOffset + t * cols;
                // fewer than four tokens left: the missing ones repeat token t and are not stored
                dots(row0, row1, row2, row3, bound, x, xb, n >= 2 ? xb + cols : xb, n >= 3 ? xb + 2 * cols : xb,
                        n == 4 ? xb + 3 * cols : xb, sums);
                for (int j = 0; j < n; j++) {
                    int o = outOffset + (t + j) * rows + r;
                    int xj = xb + j * cols;
                    out[o] = sums[j] + tail(row0, x, xj, bound, cols);
                    out[o + 1] = sums[4 + j] + tail(row1, x, xj, bound, cols);
                    out[o + 2] = sums[8 + j] + tail(row2, x, xj, bound, cols);
                    out[o + 3] = sums[12 + j] + tail(row3, x, xj, bound, cols);
                }
            }
        }
        for (; r < rowEnd; r++) {
            w.dequantizeRow(r, row0, 0);
            for (int t = 0; t < nTokens; t++) {
                out[outOffset + t * rows + r] = dot1(row0, cols, bound, x, xOffset + t * cols);
            }
        }
    }

    /** Per thread: {@code [4 rows][4 tokens]} lane sums of {@link #dots}. */
    private static final ThreadLocal<float[]> SUMS = ThreadLocal.withInitial(() -> new float[16]);

    /**
     * {@code sums[4*i + j] = row_i[0 .. bound) . x[xj ..]} for four rows by four tokens at offsets
     * {@code x0 .. x3}: eight vector loads per sixteen FMAs. The reductions sit here rather than in the
     * caller so the vectors never cross a call (C2 would box them).
     */
    private static void dots(float[] row0, float[] row1, float[] row2, float[] row3, int bound, float[] x,
            int x0, int x1, int x2, int x3, float[] sums) {
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
        FloatVector c0 = a0, c1 = a0, c2 = a0, c3 = a0, d0 = a0, d1 = a0, d2 = a0, d3 = a0;
        for (int k = 0; k < bound; k += L) {
            FloatVector v0 = FloatVector.fromArray(F, row0, k);
            FloatVector v1 = FloatVector.fromArray(F, row1, k);
            FloatVector v2 = FloatVector.fromArray(F, row2, k);
            FloatVector v3 = FloatVector.fromArray(F, row3, k);
            FloatVector y = FloatVector.fromArray(F, x, x0 + k);
            a0 = v0.fma(y, a0);
            b0 = v1.fma(y, b0);
            c0 = v2.fma(y, c0);
            d0 = v3.fma(y, d0);
            y = FloatVector.fromArray(F, x, x1 + k);
            a1 = v0.fma(y, a1);
            b1 = v1.fma(y, b1);
            c1 = v2.fma(y, c1);
            d1 = v3.fma(y, d1);
            y = FloatVector.fromArray(F, x, x2 + k);
            a2 = v0.fma(y, a2);
            b2 = v1.fma(y, b2);
            c2 = v2.fma(y, c2);
            d2 = v3.fma(y, d2);
            y = FloatVector.fromArray(F, x, x3 + k);
            a3 = v0.fma(y, a3);
            b3 = v1.fma(y, b3);
            c3 = v2.fma(y, c3);
            d3 = v3.fma(y, d3);
        }
        sums[0] = a0.reduceLanes(VectorOperators.ADD);
        sums[1] = a1.reduceLanes(VectorOperators.ADD);
        sums[2] = a2.reduceLanes(VectorOperators.ADD);
        sums[3] = a3.reduceLanes(VectorOperators.ADD);
        sums[4] = b0.reduceLanes(VectorOperators.ADD);
        sums[5] = b1.reduceLanes(VectorOperators.ADD);
        sums[6] = b2.reduceLanes(VectorOperators.ADD);
        sums[7] = b3.reduceLanes(VectorOperators.ADD);
        sums[8] = c0.reduceLanes(VectorOperators.ADD);
        sums[9] = c1.reduceLanes(VectorOperators.ADD);
        sums[10] = c2.reduceLanes(VectorOperators.ADD);
        sums[11] = c3.reduceLanes(VectorOperators.ADD);
        sums[12] = d0.reduceLanes(VectorOperators.ADD);
        sums[13] = d1.reduceLanes(VectorOperators.ADD);
        sums[14] = d2.reduceLanes(VectorOperators.ADD);
        sums[15] = d3.reduceLanes(VectorOperators.ADD);
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
