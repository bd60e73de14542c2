package dev.osprey.engine.tensor.vector;

import dev.osprey.engine.tensor.QuantizedMatrix;
import dev.osprey.engine.tensor.Weights;
import java.util.Objects;

/**
 * Shared shape of the vector kernels: each type supplies a fused single-token kernel
 * ({@link #decode}) and a vectorized {@link #dequantizeRow}. A few tokens (a continuous batch's decode
 * step) go through {@link RowDots}, {@link #PANEL_MIN_TOKENS} or more (prompt chunks) through
 * {@link Panels}; both dequantize each weight once per call.
 */
abstract class VectorWeights implements Weights {
    /** From this many tokens on, weights are dequantized into transposed panels instead of row by row. */
    static final int PANEL_MIN_TOKENS = 32;

    final QuantizedMatrix source;
    final int rows;
    final int cols;

    VectorWeights(QuantizedMatrix source) {
        this.source = source;
        this.rows = source.rows();
        this.cols = source.cols();
    }

    @Override
    public final QuantizedMatrix source() {
        return source;
    }

    @Override
    public final void matmul(float[] x, int xOffset, int nTokens, float[] out, int outOffset, int rowStart, int rowEnd) {
        Objects.checkFromToIndex(rowStart, rowEnd, rows);
        Objects.checkFromIndexSize(xOffset, nTokens * cols, x.length);
        Objects.checkFromIndexSize(outOffset, nTokens * rows, out.length);
        if (rowStart == rowEnd || nTokens <= 0) {
            return;
        }
        if (nTokens == 1) {
            decode(x, xOffset, out, outOffset, rowStart, rowEnd);
        } else if (nTokens < PANEL_MIN_TOKENS) {
            RowDots.matmul(this, x, xOffset, nTokens, out, outOffset, rowStart, rowEnd);
        } else {
            Panels.matmul(this, x, xOffset, nTokens, out, outOffset, rowStart, rowEnd);
        }
    }

    /**
     * One token: {@code out[outOffset + r] = dot(W[r], x[xOffset .. xOffset+cols))} for every
     * {@code r} in {@code [rowStart, rowEnd)}; bounds already checked. Each concrete class owns its row
     * loop and calls its own private row kernel, so every kernel call site is monomorphic: a shared loop
     * here would become bimorphic once two weight types run in one JVM, C2 would inline both types'
     * kernels into one method, blow its parse-time node budget (about 30 Vector API operations) and
     * box every vector. Kernels that unroll rows by hand must stay under that budget too.
     */
    abstract void decode(float[] x, int xOffset, float[] out, int outOffset, int rowStart, int rowEnd);

    /** Per-token data the kernels need besides x (e.g. block sums of x), or null. */
    float[] prepare(float[] x, int xOffset) {
        return null;
    }
}
