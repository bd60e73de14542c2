package dev.osprey.engine.tensor.scalar;

import dev.osprey.gguf.GgmlType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Q6_K: super-blocks of 256 elements in 210 bytes,
 * {@code { u8 ql[128]; u8 qh[64]; int8 scales[16]; f16 d; }}, sixteen sub-blocks of 16 elements each
 * with a signed 8-bit scale. The super-block is two halves of 128; half {@code h} uses
 * {@code ql[64h .. 64h+64)}, {@code qh[32h .. 32h+32)} and {@code scales[8h .. 8h+8)}. Within a half,
 * for {@code l < 32}, elements {@code l, l+32, l+64, l+96} take their low 4 bits from the low nibble of
 * {@code ql[l]}, low nibble of {@code ql[l+32]}, high nibble of {@code ql[l]}, high nibble of
 * {@code ql[l+32]}, and their high 2 bits from bits 0-1, 2-3, 4-5, 6-7 of {@code qh[l]}. Element
 * {@code e} of the half is {@code d * scales[e/16] * (q - 32)}.
 */
public final class Q6_KFormat implements BlockFormat {
    public static final int BLOCK = 256;
    public static final int BLOCK_BYTES = 210;
    public static final int QL = 0;
    public static final int QH = 128;
    public static final int SCALES = 192;
    public static final int D = 208;

    @Override
    public GgmlType type() {
        return GgmlType.Q6_K;
    }

    @Override
    public void dequantize(MemorySegment data, long offset, int n, float[] out, int outOffset) {
        for (int b = 0; b < n / BLOCK; b++) {
            long block = offset + (long) b * BLOCK_BYTES;
            float d = Float.float16ToFloat(data.get(F16Format.LE_SHORT, block + D));
            for (int half = 0; half < 2; half++) {
                long ql = block + QL + 64 * half;
                long qh = block + QH + 32 * half;
                long sc = block + SCALES + 8 * half;
                int base = outOffset + b * BLOCK + 128 * half;
                for (int l = 0; l < 32; l++) {
                    int lo = data.get(ValueLayout.JAVA_BYTE, ql + l) & 0xFF;
                    int hi = data.get(ValueLayout.JAVA_BYTE, ql + l + 32) & 0xFF;
                    int h = data.get(ValueLayout.JAVA_BYTE, qh + l) & 0xFF;
                    int q1 = ((lo & 0xF) | ((h & 3) << 4)) - 32;
                    int q2 = ((hi & 0xF) | (((h >>> 2) & 3) << 4)) - 32;
                    int q3 = ((lo >>> 4) | (((h >>> 4) & 3) << 4)) - 32;
                    int q4 = ((hi >>> 4) | (((h >>> 6) & 3) << 4)) - 32;
                    int is = l / 16;
                    out[base + l] = d * data.get(ValueLayout.JAVA_BYTE, sc + is) * q1;
                    out[base + l + 32] = d * data.get(ValueLayout.JAVA_BYTE, sc + is + 2) * q2;
                    out[base + l + 64] = d * data.get(ValueLayout.JAVA_BYTE, sc + is + 4) * q3;
                    out[base + l + 96] = d * data.get(ValueLayout.JAVA_BYTE, sc + is + 6) * q4;
                }
            }
        }
    }
}
