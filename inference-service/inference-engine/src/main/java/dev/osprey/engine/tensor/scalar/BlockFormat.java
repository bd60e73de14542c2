package dev.osprey.engine.tensor.scalar;

import dev.osprey.gguf.GgmlType;
import java.lang.foreign.MemorySegment;

/**
 * Scalar reference decoding of one ggml tensor type: its block layout written for clarity, not speed.
 * Every fast kernel is checked against this.
 */
public interface BlockFormat {

    GgmlType type();

    /**
     * Dequantizes {@code n} elements (a whole number of blocks) stored at byte {@code offset} of
     * {@code data} into {@code out[outOffset .. outOffset+n)}.
     */
    void dequantize(MemorySegment data, long offset, int n, float[] out, int outOffset);
}
