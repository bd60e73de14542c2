package dev.osprey.engine.tensor;

/**
 * A weight matrix bound to a kernel, ready to multiply. Shape {@code [rows][cols]} as in
 * {@link QuantizedMatrix}. Implementations are immutable and safe to call from many threads at once
 * on disjoint output ranges.
 */
public interface Weights {

    /** The matrix as the model file stores it. */
    QuantizedMatrix source();

    default int rows() {
        return source().rows();
    }

    default int cols() {
        return source().cols();
    }

    /**
     * For every token {@code t < nTokens} and every row {@code r} in {@code [rowStart, rowEnd)}:
     * {@code out[outOffset + t*rows + r] = dot(W[r], x[xOffset + t*cols .. + cols])}.
     *
     * <p>x is {@code [nTokens][cols]}, out is {@code [nTokens][rows]}; entries outside the row range
     * are left untouched, so threads may split the rows between them. An implementation may round
     * activations to the precision its kernel works in (as llama.cpp does); the result must stay
     * within the parity tolerance of the scalar reference.
     */
    void matmul(float[] x, int xOffset, int nTokens, float[] out, int outOffset, int rowStart, int rowEnd);

    /**
     * Converts {@code x[xOffset ..][nTokens][cols]} once for {@link #matmul(PreparedActivations, float[], int, int,
     * float[], int, int, int)} calls of this and other matrices over the same activations, or returns
     * {@code reusable} where it already is in the form this kernel needs (or this kernel needs none).
     * Called by one thread before a parallel region; the result is then only read.
     *
     * @param reusable what an earlier {@code prepare} of the same, unchanged activations returned, or null
     */
    default PreparedActivations prepare(float[] x, int xOffset, int nTokens, PreparedActivations reusable) {
        return reusable;
    }

    /**
     * {@link #matmul(float[], int, int, float[], int, int, int)} given what {@link #prepare} returned for
     * the same arguments (possibly null, or prepared for another kernel: then x is read as usual).
     */
    default void matmul(PreparedActivations prepared, float[] x, int xOffset, int nTokens, float[] out, int outOffset,
                        int rowStart, int rowEnd) {
        matmul(x, xOffset, nTokens, out, outOffset, rowStart, rowEnd);
    }

    /** Writes row {@code row}, dequantized to float, to {@code out[outOffset .. outOffset+cols)}. */
    void dequantizeRow(int row, float[] out, int outOffset);
}
