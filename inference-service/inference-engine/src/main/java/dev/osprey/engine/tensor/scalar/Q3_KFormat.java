package dev.osprey.engine.tensor.scalar;

import dev.osprey.gguf.GgmlType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Q3_K: super-blocks of 256 elements in 110 bytes,
 * {@code { u8 hmask[32]; u8 qs[64]; u8 scales[12]; f16 d; }}, sixteen sub-blocks of 16 elements with
 * signed 6-bit scales. Element {@code 128h + 32j + l} ({@code j < 4}, {@code l < 32}) takes its low 2
 * bits from bits {@code 2j .. 2j+1} of {@code qs[32h + l]} and its high bit from bit {@code e / 32} of
 * {@code hmask[e % 32]}; its level is {@code (low | high << 2) - 4}, so {@code -4 .. 3}. Sub-block
 * {@code s}'s scale keeps its low 4 bits in the low ({@code s < 8}) or high ({@code s >= 8}) nibble of
 * {@code scales[s % 8]} and its high 2 bits at bits {@code 2(s/4) .. 2(s/4)+1} of
 * {@code scales[8 + s % 4]}, biased by 32. Element {@code e} is {@code d * scale(e/16) * level}.
 */
public final class Q3_KFormat implements BlockFormat {
    public static final int BLOCK = 256;
    public static final int BLOCK_BYTES = 110;
    public static final int HMASK = 0;
    public static final int QS = 32;
    public static final int SCALES = 96;
    public static final int D = 108;

    @Override
    public GgmlType type() {
        return GgmlType.Q3_K;
    }

    @Override
    public void dequantize(MemorySegment data, long offset, int n, float[] out, int outOffset) {
        for (int b = 0; b < n / BLOCK; b++) {
            long block = offset + (long) b * BLOCK_BYTES;
            float d = Float.float16ToFloat(data.get(F16Format.LE_SHORT, block + D));
            int base = outOffset + b * BLOCK;
            for (int s = 0; s < 16; s++) {
                float dl = d * scale(data, block + SCALES, s);
                for (int i = 0; i < 16; i++) {
                    int e = 16 * s + i;
                    int half = e / 128;
                    int j = (e % 128) / 32;
                    int low = (u8(data, block + QS + 32 * half + e % 32) >>> (2 * j)) & 3;
                    int high = (u8(data, block + HMASK + e % 32) >>> (e / 32)) & 1;
                    out[base + e] = dl * ((low | high << 2) - 4);
                }
            }
        }
    }

    /** Sub-block {@code s}'s scale, {@code -32 .. 31}, from the 12 bytes at {@code offset}. */
    static int scale(MemorySegment data, long offset, int s) {
        int low = (u8(data, offset + s % 8) >>> (s < 8 ? 0 : 4)) & 0xF;
        int high = (u8(data, offset + 8 + s % 4) >>> (2 * (s / 4))) & 3;
        return (low | high << 4) - 32;
    }

    private static int u8(MemorySegment data, long offset) {
        return data.get(ValueLayout.JAVA_BYTE, offset) & 0xFF;
    }
}
