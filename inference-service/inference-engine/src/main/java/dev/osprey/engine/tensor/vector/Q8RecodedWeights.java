package dev.osprey.engine.tensor.vector;

import dev.osprey.engine.tensor.QuantizedMatrix;
import dev.osprey.engine.tensor.Weights;
import dev.osprey.engine.tensor.scalar.SignedCodeFormat;
import dev.osprey.gguf.GgmlType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Weights of a {@link SignedCodeFormat} type (Q5_0, IQ4_NL) run by the fused Q8_0 kernel: recoded once at
 * bind, block for block, into Q8_0 blocks with the same scale and the elements' signed codes, which
 * represent every element exactly. Q5_0 is what Q4_K_M and Q5_K_M files store most weights of a model
 * whose rows are not a multiple of 256 in (Qwen2.5-0.5B), so it gets a fused path rather than
 * {@link DequantizingWeights}; the price is 34 bytes of weights per 32 instead of 22 (or 18).
 */
final class Q8RecodedWeights implements Weights {
    private static final int QK = 32;
    private static final int Q8_BLOCK_BYTES = 34;
    private static final ValueLayout.OfShort LE_SHORT = Lanes.LE_SHORT;

    private final QuantizedMatrix source;
    private final Weights q8;

    Q8RecodedWeights(QuantizedMatrix source, SignedCodeFormat format) {
        this.source = source;
        int rows = source.rows();
        int blocks = source.cols() / QK;
        long blockBytes = source.type().typeSize();
        MemorySegment from = source.data();
        MemorySegment recoded = Arena.ofAuto().allocate((long) rows * blocks * Q8_BLOCK_BYTES, 64);
        byte[] codes = new byte[QK];
        for (int r = 0; r < rows; r++) {
            long row = source.rowOffset(r);
            for (int b = 0; b < blocks; b++) {
                long block = row + b * blockBytes;
                long to = ((long) r * blocks + b) * Q8_BLOCK_BYTES;
                recoded.set(LE_SHORT, to, from.get(LE_SHORT, block));
                format.codes(from, block, codes);
                MemorySegment.copy(codes, 0, recoded, ValueLayout.JAVA_BYTE, to + 2, QK);
            }
        }
        this.q8 = new Q8_0Weights(new QuantizedMatrix(source.name(), GgmlType.Q8_0, rows, source.cols(), recoded));
    }

    @Override
    public QuantizedMatrix source() {
        return source;
    }

    @Override
    public void matmul(float[] x, int xOffset, int nTokens, float[] out, int outOffset, int rowStart, int rowEnd) {
        q8.matmul(x, xOffset, nTokens, out, outOffset, rowStart, rowEnd);
    }

    @Override
    public void dequantizeRow(int row, float[] out, int outOffset) {
        q8.dequantizeRow(row, out, outOffset);
    }
}
