package dev.osprey.engine.tensor.quant;

import dev.osprey.gguf.GgmlType;
import java.lang.foreign.MemorySegment;

/**
 * Encodes float32 values into one ggml tensor type, bit for bit as ggml's reference quantizer
 * ({@code quantize_row_*_ref}, no importance matrix) does, so a file written here matches one written
 * by {@code llama-quantize --pure}. Implementations are stateless and safe to share between threads.
 */
public interface Quantizer {

    GgmlType type();

    /**
     * Encodes {@code src[srcOffset .. srcOffset+n)} as {@code n / type().blockSize()} consecutive
     * blocks, writing exactly {@link #byteSize(int) byteSize(n)} bytes at {@code dst[dstOffset ..)}.
     *
     * @throws IllegalArgumentException if {@code n} is not a whole number of blocks
     */
    void quantize(float[] src, int srcOffset, int n, MemorySegment dst, long dstOffset);

    /** Bytes that {@code n} elements take in this type. */
    default long byteSize(int n) {
        return type().rowSize(n);
    }
}
