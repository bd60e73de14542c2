package dev.osprey.engine.tensor.scalar;

import dev.osprey.gguf.GgmlType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * IQ4_NL: blocks of 32 elements in 18 bytes, {@code { f16 d; u8 qs[16]; }}, nibbles packed as in
 * Q4_0 (byte {@code j}: element {@code j} low, element {@code j + 16} high). A nibble is not a level
 * but an index into ggml's non-linear grid {@link #GRID}; each element is {@code d * GRID[nibble]}.
 */
public final class IQ4_NLFormat implements SignedCodeFormat {
    public static final int BLOCK = 32;
    public static final int BLOCK_BYTES = 18;

    /** ggml's {@code kvalues_iq4nl}: the 16 levels a nibble selects, ascending. */
    static final byte[] GRID = {-127, -104, -83, -65, -49, -35, -22, -10, 1, 13, 25, 38, 53, 69, 89, 113};

    @Override
    public GgmlType type() {
        return GgmlType.IQ4_NL;
    }

    @Override
    public void codes(MemorySegment data, long block, byte[] codes) {
        for (int j = 0; j < 16; j++) {
            int q = data.get(ValueLayout.JAVA_BYTE, block + 2 + j) & 0xFF;
            codes[j] = GRID[q & 0xF];
            codes[j + 16] = GRID[q >>> 4];
        }
    }

    @Override
    public void dequantize(MemorySegment data, long offset, int n, float[] out, int outOffset) {
        for (int b = 0; b < n / BLOCK; b++) {
            long block = offset + (long) b * BLOCK_BYTES;
            float d = Float.float16ToFloat(data.get(F16Format.LE_SHORT, block));
            int base = outOffset + b * BLOCK;
            for (int j = 0; j < 16; j++) {
                int q = data.get(ValueLayout.JAVA_BYTE, block + 2 + j) & 0xFF;
                out[base + j] = d * GRID[q & 0xF];
                out[base + j + 16] = d * GRID[q >>> 4];
            }
        }
    }
}
