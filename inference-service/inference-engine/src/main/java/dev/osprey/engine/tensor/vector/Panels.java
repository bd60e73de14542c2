package dev.osprey.engine.tensor.vector;

import static dev.osprey.engine.tensor.vector.Lanes.F;
import static dev.osprey.engine.tensor.vector.Lanes.L;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * Batched matmul for any weight type: {@link #P} rows at a time are dequantized once into a k-major
 * panel {@code [cols][P]} (floats, per thread), then multiplied with {@link #TOKENS} tokens at a time
 * by an outer-product kernel: per k, two weight vectors (P rows) times one broadcast activation per
 * token, accumulated in {@code 2 x TOKENS} registers and stored straight into {@code out[t][r]}.
 */
final class Panels {
    /** Rows per panel: two float vectors. */
    static final int P = 2 * L;
    /** Tokens per kernel call: 8 when there are 32 vector registers' worth of width (AVX-512), else 4. */
    static final int TOKENS = L >= 16 ? 8 : 4;

    /** Per thread: {@code [0]} the panel {@code [cols][P]}, {@code [1]} one dequantized row {@code [cols]}. */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[2][0]);

    private Panels() {
    }

    static void matmul(VectorWeights w, float[] x, int xOffset, int nTokens, float[] out, int outOffset,
            int rowStart, int rowEnd) {
        int cols = w.cols;
        int rows = w.rows;
        float[][] scratch = SCRATCH.get();
        if (scratch[1].length < cols) {
            scratch[0] = new float[cols * P];
            scratch[1] = new float[cols];
        }
        float[] panel = scratch[0];
        float[] row = scratch[1];
        for (int r0 = rowStart; r0 < rowEnd; r0 += P) {
            int n = Math.min(P, rowEnd - r0);
            for (int i = 0; i < P; i++) {
                if (i < n) {
                    w.dequantizeRow(r0 + i, row, 0);
                    for (int k = 0; k < cols; k++) {
                        panel[k * P + i] = row[k];
                    }
                } else {
                    for (int k = 0; k < cols; k++) {
                        panel[k * P + i] = 0;
                    }
                }
            }
            VectorMask<Float> m0 = F.indexInRange(0, n);
            VectorMask<Float> m1 = F.indexInRange(L, n);
            int t = 0;
            if (TOKENS == 8) {
                for (; t + 8 <= nTokens; t += 8) {
                    kernel8(panel, cols, x, xOffset + t * cols, out, outOffset + t * rows + r0, rows, m0, m1);
                }
            }
            for (; t + 4 <= nTokens; t += 4) {
                kernel4(panel, cols, x, xOffset + t * cols, out, outOffset + t * rows + r0, rows, m0, m1);
            }
            for (; t < nTokens; t++) {
                kernel1(panel, cols, x, xOffset + t * cols, out, outOffset + t * rows + r0, m0, m1);
            }
        }
    }

    /** 8 tokens: {@code out[ob + t*rows + i] = sum_k panel[k][i] * x[xb + t*cols + k]}. */
    private static void kernel8(float[] p, int cols, float[] x, int xb, float[] out, int ob, int rows,
            VectorMask<Float> m0, VectorMask<Float> m1) {
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        FloatVector b0 = a0, b1 = a0, b2 = a0, b3 = a0, b4 = a0, b5 = a0, b6 = a0, b7 = a0;
        int x1 = xb + cols, x2 = x1 + cols, x3 = x2 + cols, x4 = x3 + cols, x5 = x4 + cols, x6 = x5 + cols;
        int x7 = x6 + cols;
        for (int k = 0; k < cols; k++) {
            FloatVector w0 = FloatVector.fromArray(F, p, k * P);
            FloatVector w1 = FloatVector.fromArray(F, p, k * P + L);
            FloatVector v = FloatVector.broadcast(F, x[xb + k]);
            a0 = w0.fma(v, a0);
            b0 = w1.fma(v, b0);
            v = FloatVector.broadcast(F, x[x1 + k]);
            a1 = w0.fma(v, a1);
            b1 = w1.fma(v, b1);
            v = FloatVector.broadcast(F, x[x2 + k]);
            a2 = w0.fma(v, a2);
            b2 = w1.fma(v, b2);
            v = FloatVector.broadcast(F, x[x3 + k]);
            a3 = w0.fma(v, a3);
            b3 = w1.fma(v, b3);
            v = FloatVector.broadcast(F, x[x4 + k]);
            a4 = w0.fma(v, a4);
            b4 = w1.fma(v, b4);
            v = FloatVector.broadcast(F, x[x5 + k]);
            a5 = w0.fma(v, a5);
            b5 = w1.fma(v, b5);
            v = FloatVector.broadcast(F, x[x6 + k]);
            a6 = w0.fma(v, a6);
            b6 = w1.fma(v, b6);
            v = FloatVector.broadcast(F, x[x7 + k]);
            a7 = w0.fma(v, a7);
            b7 = w1.fma(v, b7);
        }
        store(out, ob, a0, b0, m0, m1);
        store(out, ob + rows, a1, b1, m0, m1);
        store(out, ob + 2 * rows, a2, b2, m0, m1);
        store(out, ob + 3 * rows, a3, b3, m0, m1);
        store(out, ob + 4 * rows, a4, b4, m0, m1);
        store(out, ob + 5 * rows, a5, b5, m0, m1);
        store(out, ob + 6 * rows, a6, b6, m0, m1);
        store(out, ob + 7 * rows, a7, b7, m0, m1);
    }

    /** As {@link #kernel8} for 4 tokens. */
    private static void kernel4(float[] p, int cols, float[] x, int xb, float[] out, int ob, int rows,
            VectorMask<Float> m0, VectorMask<Float> m1) {
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
        FloatVector b0 = a0, b1 = a0, b2 = a0, b3 = a0;
        int x1 = xb + cols, x2 = x1 + cols, x3 = x2 + cols;
        for (int k = 0; k < cols; k++) {
            FloatVector w0 = FloatVector.fromArray(F, p, k * P);
            FloatVector w1 = FloatVector.fromArray(F, p, k * P + L);
            FloatVector v = FloatVector.broadcast(F, x[xb + k]);
            a0 = w0.fma(v, a0);
            b0 = w1.fma(v, b0);
            v = FloatVector.broadcast(F, x[x1 + k]);
            a1 = w0.fma(v, a1);
            b1 = w1.fma(v, b1);
            v = FloatVector.broadcast(F, x[x2 + k]);
            a2 = w0.fma(v, a2);
            b2 = w1.fma(v, b2);
            v = FloatVector.broadcast(F, x[x3 + k]);
            a3 = w0.fma(v, a3);
            b3 = w1.fma(v, b3);
        }
        store(out, ob, a0, b0, m0, m1);
        store(out, ob + rows, a1, b1, m0, m1);
        store(out, ob + 2 * rows, a2, b2, m0, m1);
        store(out, ob + 3 * rows, a3, b3, m0, m1);
    }

    /** As {@link #kernel8} for 1 token. */
    private static void kernel1(float[] p, int cols, float[] x, int xb, float[] out, int ob,
            VectorMask<Float> m0, VectorMask<Float> m1) {
        FloatVector a0 = FloatVector.zero(F), b0 = a0;
        for (int k = 0; k < cols; k++) {
            FloatVector v = FloatVector.broadcast(F, x[xb + k]);
            a0 = FloatVector.fromArray(F, p, k * P).fma(v, a0);
            b0 = FloatVector.fromArray(F, p, k * P + L).fma(v, b0);
        }
        store(out, ob, a0, b0, m0, m1);
    }

    private static void store(float[] out, int offset, FloatVector a, FloatVector b,
            VectorMask<Float> m0, VectorMask<Float> m1) {
        a.intoArray(out, offset, m0);
        b.intoArray(out, offset + L, m1);
    }
}
