package dev.osprey.engine.tensor.scalar;

import dev.osprey.gguf.GgmlType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Q8_0: blocks of 32 elements in 34 bytes, {@code { f16 d; int8 qs[32]; }}; element {@code i} is
 * {@code d * qs[i]}.
 */
public final class Q8_0Format implements BlockFormat {
    public static final int BLOCK = 32;
    public static final int BLOCK_BYTES = 34;

    @Override
    public GgmlType type() {
        return GgmlType.Q8_0;
    }

    @Override
    public void dequantize(MemorySegment data, long offset, int n, float[] out, int outOffset) {
        for (int b = 0; b < n / BLOCK; b++) {
            long block = offset + (long) b * BLOCK_BYTES;
            float d = Float.float16ToFloat(data.get(F16Format.LE_SHORT, block));
            for (int i = 0; i < BLOCK; i++) {
                out[outOffset + b * BLOCK + i] = d * data.get(ValueLayout.JAVA_BYTE, block + 2 + i);
            }
        }
    }
}
