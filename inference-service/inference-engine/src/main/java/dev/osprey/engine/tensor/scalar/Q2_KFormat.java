package dev.osprey.engine.tensor.scalar;

import dev.osprey.gguf.GgmlType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Q2_K: super-blocks of 256 elements in 84 bytes,
 * {@code { u8 scales[16]; u8 qs[64]; f16 d; f16 dmin; }}, sixteen sub-blocks of 16 elements. Byte
 * {@code scales[s]} holds sub-block {@code s}'s 4-bit scale in its low nibble and its 4-bit min in its
 * high nibble. The super-block is two halves of 128; element {@code 128h + 32j + l} ({@code j < 4},
 * {@code l < 32}) is the 2-bit field at bits {@code 2j .. 2j+1} of {@code qs[32h + l]}. Element
 * {@code e} is {@code d * scale(e/16) * q - dmin * min(e/16)}.
 */
public final class Q2_KFormat implements BlockFormat {
    public static final int BLOCK = 256;
    public static final int BLOCK_BYTES = 84;
    public static final int SCALES = 0;
    public static final int QS = 16;
    public static final int D = 80;
    public static final int DMIN = 82;

    @Override
    public GgmlType type() {
        return GgmlType.Q2_K;
    }

    @Override
    public void dequantize(MemorySegment data, long offset, int n, float[] out, int outOffset) {
        for (int b = 0; b < n / BLOCK; b++) {
            long block = offset + (long) b * BLOCK_BYTES;
            float d = Float.float16ToFloat(data.get(F16Format.LE_SHORT, block + D));
            float dmin = Float.float16ToFloat(data.get(F16Format.LE_SHORT, block + DMIN));
            int base = outOffset + b * BLOCK;
            for (int e = 0; e < BLOCK; e++) {
                int sc = u8(data, block + SCALES + e / 16);
                int half = e / 128;
                int j = (e % 128) / 32;
                int q = (u8(data, block + QS + 32 * half + e % 32) >>> (2 * j)) & 3;
                out[base + e] = d * (sc & 0xF) * q - dmin * (sc >>> 4);
            }
        }
    }

    private static int u8(MemorySegment data, long offset) {
        return data.get(ValueLayout.JAVA_BYTE, offset) & 0xFF;
    }
}
