package dev.osprey.engine.tensor.vector;

import dev.osprey.engine.tensor.QuantizedMatrix;
import dev.osprey.engine.tensor.scalar.SignedCodeFormat;
import dev.osprey.gguf.GgmlType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Recodes a {@link SignedCodeFormat} matrix (Q5_0, IQ4_NL) into Q8_0 blocks with the same scales and the
 * elements' signed codes, which represent every element exactly, so the fused Q8_0 kernel runs it. Q5_0
 * is what Q4_K_M and Q5_K_M files store most weights of a model whose rows are not a multiple of 256
 * in (Qwen2.5-0.5B). The weights are a plain {@link Q8_0Weights} reporting the file's tensor: a wrapper
 * around it would let C2 inline the kernel into the wrapper's call site, past its node budget.
 */
final class Q8Recoding {
    private static final int QK = 32;
    private static final int Q8_BLOCK_BYTES = 34;

    private Q8Recoding() {
    }

    static Q8_0Weights weights(QuantizedMatrix source, SignedCodeFormat format) {
        return new Q8_0Weights(source, blocks(source, format));
    }

    /** {@code source} as Q8_0 blocks {@code [rows][cols/32]}, off-heap (dropped once the kernel repacked it). */
    static QuantizedMatrix blocks(QuantizedMatrix source, SignedCodeFormat format) {
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
                recoded.set(Lanes.LE_SHORT, to, from.get(Lanes.LE_SHORT, block));
                format.codes(from, block, codes);
                MemorySegment.copy(codes, 0, recoded, ValueLayout.JAVA_BYTE, to + 2, QK);
            }
        }
        return new QuantizedMatrix(source.name(), GgmlType.Q8_0, rows, source.cols(), recoded);
    }
}
