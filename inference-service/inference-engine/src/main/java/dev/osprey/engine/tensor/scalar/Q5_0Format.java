package dev.osprey.engine.tensor.scalar;

import dev.osprey.gguf.GgmlType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Q5_0: blocks of 32 elements in 22 bytes, {@code { f16 d; u32 qh; u8 qs[16]; }} ({@code qh}
 * little-endian). Element {@code i}'s low four bits are nibble {@code i % 16} of {@code qs} (low
 * nibbles for {@code i < 16}, high for {@code i >= 16}), its fifth bit is bit {@code i} of
 * {@code qh}; each element is {@code d * (q - 16)}.
 */
public final class Q5_0Format implements SignedCodeFormat {
    public static final int BLOCK = 32;
    public static final int BLOCK_BYTES = 22;

    private static final ValueLayout.OfInt LE_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    @Override
    public GgmlType type() {
        return GgmlType.Q5_0;
    }

    @Override
    public void codes(MemorySegment data, long block, byte[] codes) {
        int qh = data.get(LE_INT, block + 2);
        for (int j = 0; j < 16; j++) {
            int q = data.get(ValueLayout.JAVA_BYTE, block + 6 + j) & 0xFF;
            codes[j] = (byte) (((q & 0xF) | ((qh >>> j) & 1) << 4) - 16);
            codes[j + 16] = (byte) (((q >>> 4) | ((qh >>> (j + 16)) & 1) << 4) - 16);
        }
    }

    @Override
    public void dequantize(MemorySegment data, long offset, int n, float[] out, int outOffset) {
        for (int b = 0; b < n / BLOCK; b++) {
            long block = offset + (long) b * BLOCK_BYTES;
            float d = Float.float16ToFloat(data.get(F16Format.LE_SHORT, block));
            int qh = data.get(LE_INT, block + 2);
            int base = outOffset + b * BLOCK;
            for (int j = 0; j < 16; j++) {
                int q = data.get(ValueLayout.JAVA_BYTE, block + 6 + j) & 0xFF;
                int lo = (q & 0xF) | ((qh >>> j) & 1) << 4;
                int hi = (q >>> 4) | ((qh >>> (j + 16)) & 1) << 4;
                out[base + j] = d * (lo - 16);
                out[base + j + 16] = d * (hi - 16);
            }
        }
    }
}
