package dev.osprey.engine.tensor.scalar;

import dev.osprey.engine.tensor.QuantizedMatrix;
import dev.osprey.engine.tensor.Weights;

/** Reference matmul: dequantize one row, dot it with each token in double precision. */
final class ScalarWeights implements Weights {
    private final QuantizedMatrix source;
    private final BlockFormat format;

    ScalarWeights(QuantizedMatrix source, BlockFormat format) {
        this.source = source;
        this.format = format;
    }

    @Override
    public QuantizedMatrix source() {
        return source;
    }

    @Override
    public void matmul(float[] x, int xOffset, int nTokens, float[] out, int outOffset, int rowStart, int rowEnd) {
        int cols = source.cols();
        int rows = source.rows();
        float[] row = new float[cols];
        for (int r = rowStart; r < rowEnd; r++) {
            dequantizeRow(r, row, 0);
            for (int t = 0; t < nTokens; t++) {
                int base = xOffset + t * cols;
                double sum = 0;
                for (int c = 0; c < cols; c++) {
                    sum += (double) row[c] * x[base + c];
                }
                out[outOffset + t * rows + r] = (float) sum;
            }
        }
    }

    @Override
    public void dequantizeRow(int row, float[] out, int outOffset) {
        format.dequantize(source.data(), source.rowOffset(row), source.cols(), out, outOffset);
    }
}
