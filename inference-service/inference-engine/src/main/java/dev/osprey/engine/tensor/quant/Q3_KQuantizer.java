package dev.osprey.engine.tensor.quant;

import dev.osprey.gguf.GgmlType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Q3_K ({@code quantize_row_q3_K_ref}). Super-block of 256 values in sixteen sub-blocks of 16, 110
 * bytes: {@code uint8 hmask[32], uint8 qs[64], uint8 scales[12], f16 d}. Levels are {@code 0..7}
 * (decoding as {@code level - 4}): value {@code e} keeps bit 2 of its level in bit {@code e / 32} of
 * {@code hmask[e % 32]}; value {@code 128h + 32j + l} keeps bits 0-1 at bits {@code 2j .. 2j+1} of
 * {@code qs[32h + l]}. Sub-block {@code s}'s 6-bit scale (biased by 32) keeps its low nibble in the
 * low ({@code s < 8}) or high nibble of {@code scales[s % 8]} and its top 2 bits at bits
 * {@code 2(s/4)} of {@code scales[8 + s % 4]}. Each sub-block is fitted with
 * {@link CoordinateScaleSearch}; scales are quantized against {@code -max / 32}, the signed scale of
 * largest magnitude, then every value is requantized against its sub-block's rounded scale.
 */
public final class Q3_KQuantizer implements Quantizer {
    private static final int QK_K = 256;
    private static final int BLOCK_BYTES = 110;
    private static final int HMASK = 0;
    private static final int QS = 32;
    private static final int SCALES = 96;
    private static final int D = 108;

    @Override
    public GgmlType type() {
        return GgmlType.Q3_K;
    }

    @Override
    public void quantize(float[] src, int srcOffset, int n, MemorySegment dst, long dstOffset) {
        QuantMath.requireBlocks("Q3_K", n, QK_K);
        byte[] levels = new byte[QK_K];
        float[] subScales = new float[16];
        byte[] out = new byte[BLOCK_BYTES];
        for (int b = 0; b < n / QK_K; b++) {
            int x = srcOffset + b * QK_K;
            for (int j = 0; j < 16; j++) {
                subScales[j] = CoordinateScaleSearch.fit(16, 4, src, x + 16 * j, levels, 16 * j);
            }
            float maxScale = QuantMath.largestMagnitude(subScales, 0, 16);
            java.util.Arrays.fill(out, (byte) 0);
            encode(src, x, maxScale, subScales, levels, out);
            MemorySegment.copy(out, 0, dst, ValueLayout.JAVA_BYTE, dstOffset + (long) b * BLOCK_BYTES, BLOCK_BYTES);
        }
    }

    private static void encode(float[] src, int x, float maxScale, float[] subScales, byte[] levels, byte[] out) {
        short d = 0;
        if (maxScale != 0) {
            float iscale = -32.f / maxScale;
            for (int j = 0; j < 16; j++) {
                int l = Math.max(-32, Math.min(31, (byte) QuantMath.nearestIntOfProduct(iscale, subScales[j]))) + 32;
                out[SCALES + j % 8] |= (byte) ((l & 0xF) << (j < 8 ? 0 : 4));
                out[SCALES + 8 + j % 4] |= (byte) ((l >> 4) << (2 * (j / 4)));
            }
            d = QuantMath.toHalf(1 / iscale);
        }
        out[D] = (byte) d;
        out[D + 1] = (byte) (d >> 8);
        float dF = Float.float16ToFloat(d);
        for (int j = 0; j < 16; j++) {
            float dj = dF * scale(out, j);
            if (dj == 0) {
                continue;
            }
            for (int i = 0; i < 16; i++) {
                int l = QuantMath.nearestInt(src[x + 16 * j + i] / dj);
                levels[16 * j + i] = (byte) (Math.max(-4, Math.min(3, l)) + 4);
            }
        }
        for (int e = 0; e < QK_K; e++) {
            int level = levels[e];
            if (level > 3) {
                out[HMASK + e % 32] |= (byte) (1 << (e / 32));
            }
            int h = e / 128;
            int j = (e % 128) / 32;
            out[QS + 32 * h + e % 32] |= (byte) ((level & 3) << (2 * j));
        }
    }

    /** Sub-block {@code j}'s scale, {@code -32 .. 31}, as {@code dequantize_row_q3_K} reads it. */
    private static int scale(byte[] out, int j) {
        int low = ((out[SCALES + j % 8] & 0xFF) >> (j < 8 ? 0 : 4)) & 0xF;
        int high = ((out[SCALES + 8 + j % 4] & 0xFF) >> (2 * (j / 4))) & 3;
        return (low | high << 4) - 32;
    }
}
