package dev.osprey.engine.tensor.scalar;

import dev.osprey.gguf.GgmlType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Q4_1: blocks of 32 elements in 20 bytes, {@code { f16 d; f16 m; u8 qs[16]; }}. Byte {@code qs[j]}
 * holds element {@code j} in its low nibble and element {@code j + 16} in its high nibble; each
 * element is {@code d * nibble + m}.
 */
public final class Q4_1Format implements BlockFormat {
    public static final int BLOCK = 32;
    public static final int BLOCK_BYTES = 20;

    @Override
    public GgmlType type() {
        return GgmlType.Q4_1;
    }

    @Override
    public void dequantize(MemorySegment data, long offset, int n, float[] out, int outOffset) {
        for (int b = 0; b < n / BLOCK; b++) {
            long block = offset + (long) b * BLOCK_BYTES;
            float d = Float.float16ToFloat(data.get(F16Format.LE_SHORT, block));
            float m = Float.float16ToFloat(data.get(F16Format.LE_SHORT, block + 2));
            int base = outOffset + b * BLOCK;
            for (int j = 0; j < 16; j++) {
                int q = data.get(ValueLayout.JAVA_BYTE, block + 4 + j) & 0xFF;
                out[base + j] = d * (q & 0xF) + m;
                out[base + j + 16] = d * (q >>> 4) + m;
            }
        }
    }
}
