package dev.osprey.engine.tensor.scalar;

import dev.osprey.gguf.GgmlType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Q4_K: super-blocks of 256 elements in 144 bytes,
 * {@code { f16 d; f16 dmin; u8 scales[12]; u8 qs[128]; }}, eight sub-blocks of 32 with 6-bit scale
 * {@code sc} and min {@code m} packed as in {@link KScales}. The 256 elements are four chunks of 64;
 * chunk {@code c} reads bytes {@code qs[32c .. 32c+32)}: its first 32 elements are the low nibbles
 * (sub-block {@code 2c}), the next 32 the high nibbles (sub-block {@code 2c+1}). Element value is
 * {@code d*sc*q - dmin*m}.
 */
public final class Q4_KFormat implements BlockFormat {
    public static final int BLOCK = 256;
    public static final int BLOCK_BYTES = 144;
    public static final int SCALES = 4;
    public static final int QS = 16;

    @Override
    public GgmlType type() {
        return GgmlType.Q4_K;
    }

    @Override
    public void dequantize(MemorySegment data, long offset, int n, float[] out, int outOffset) {
        for (int b = 0; b < n / BLOCK; b++) {
            long block = offset + (long) b * BLOCK_BYTES;
            float d = Float.float16ToFloat(data.get(F16Format.LE_SHORT, block));
            float dmin = Float.float16ToFloat(data.get(F16Format.LE_SHORT, block + 2));
            int base = outOffset + b * BLOCK;
            for (int c = 0; c < 4; c++) {
                float d1 = d * KScales.scale(data, block + SCALES, 2 * c);
                float m1 = dmin * KScales.min(data, block + SCALES, 2 * c);
                float d2 = d * KScales.scale(data, block + SCALES, 2 * c + 1);
                float m2 = dmin * KScales.min(data, block + SCALES, 2 * c + 1);
                for (int l = 0; l < 32; l++) {
                    int q = data.get(ValueLayout.JAVA_BYTE, block + QS + 32 * c + l) & 0xFF;
                    out[base + 64 * c + l] = d1 * (q & 0xF) - m1;
                    out[base + 64 * c + 32 + l] = d2 * (q >>> 4) - m2;
                }
            }
        }
    }
}
