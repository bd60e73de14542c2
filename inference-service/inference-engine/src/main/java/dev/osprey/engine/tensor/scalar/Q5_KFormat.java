package dev.osprey.engine.tensor.scalar;

import dev.osprey.gguf.GgmlType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Q5_K: super-blocks of 256 elements in 176 bytes,
 * {@code { f16 d; f16 dmin; u8 scales[12]; u8 qh[32]; u8 qs[128]; }}. Like {@link Q4_KFormat}, with a
 * fifth bit per element: element {@code 64c + l} (low nibble of {@code qs[32c + l]}) takes bit
 * {@code 2c} of {@code qh[l]}, element {@code 64c + 32 + l} (high nibble) takes bit {@code 2c + 1}.
 * Element value is {@code d*sc*q - dmin*m} with {@code q} in 0..31.
 */
public final class Q5_KFormat implements BlockFormat {
    public static final int BLOCK = 256;
    public static final int BLOCK_BYTES = 176;
    public static final int SCALES = 4;
    public static final int QH = 16;
    public static final int QS = 48;

    @Override
    public GgmlType type() {
        return GgmlType.Q5_K;
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
                    int h = data.get(ValueLayout.JAVA_BYTE, block + QH + l) & 0xFF;
                    int lo = (q & 0xF) | (((h >>> (2 * c)) & 1) << 4);
                    int hi = (q >>> 4) | (((h >>> (2 * c + 1)) & 1) << 4);
                    out[base + 64 * c + l] = d1 * lo - m1;
                    out[base + 64 * c + 32 + l] = d2 * hi - m2;
                }
            }
        }
    }
}
