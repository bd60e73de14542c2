package dev.osprey.engine.tensor.scalar;

import dev.osprey.gguf.GgmlType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Q4_0: blocks of 32 elements in 18 bytes, {@code { f16 d; u8 qs[16]; }}. Byte {@code qs[j]} holds
 * element {@code j} in its low nibble and element {@code j + 16} in its high nibble; each element is
 * {@code d * (nibble - 8)}.
 */
public final class Q4_0Format implements BlockFormat {
    public static final int BLOCK = 32;
    public static final int BLOCK_BYTES = 18;

    @Override
    public GgmlType type() {
        return GgmlType.Q4_0;
    }

    @Override
    public void dequantize(MemorySegment data, long offset, int n, float[] out, int outOffset) {
        for (int b = 0; b < n / BLOCK; b++) {
            long block = offset + (long) b * BLOCK_BYTES;
            float d = Float.float16ToFloat(data.get(F16Format.LE_SHORT, block));
            int base = outOffset + b * BLOCK;
            for (int j = 0; j < 16; j++) {
                int q = data.get(ValueLayout.JAVA_BYTE, block + 2 + j) & 0xFF;
                out[base + j] = d * ((q & 0xF) - 8);
                out[base + j + 16] = d * ((q >>> 4) - 8);
            }
        }
    }
}
