package dev.osprey.engine.tensor.quant;

import dev.osprey.gguf.GgmlType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Q6_K ({@code quantize_row_q6_K_ref}). Super-block of 256 values in sixteen sub-blocks of 16, 210
 * bytes: {@code uint8 ql[128], uint8 qh[64], int8 scales[16], f16 d} (d last). Levels are 6-bit,
 * {@code q = level - 32}; value {@code i} of sub-block {@code j} decodes as {@code d * scales[j] * q}.
 * Each 128-value half {@code h} uses {@code ql[64h ..+64)} and {@code qh[32h ..+32)}: for
 * {@code l < 32}, values {@code 128h + l + 32k} ({@code k = 0..3}) keep their low nibbles in
 * {@code ql[64h + l]} (k=0 low, k=2 high) and {@code ql[64h + 32 + l]} (k=1 low, k=3 high), and
 * their top 2 bits in bits {@code 2k, 2k+1} of {@code qh[32h + l]}.
 */
public final class Q6_KQuantizer implements Quantizer {
    private static final int QK_K = 256;
    private static final int BLOCK_BYTES = 210;

    @Override
    public GgmlType type() {
        return GgmlType.Q6_K;
    }

    @Override
    public void quantize(float[] src, int srcOffset, int n, MemorySegment dst, long dstOffset) {
        QuantMath.requireBlocks("Q6_K", n, QK_K);
        byte[] levels = new byte[QK_K];
        float[] subScales = new float[16];
        byte[] out = new byte[BLOCK_BYTES];
        for (int b = 0; b < n / QK_K; b++) {
            int x = srcOffset + b * QK_K;
            for (int j = 0; j < 16; j++) {
                subScales[j] = SignedScaleSearch.fit(16, 32, src, x + 16 * j, levels, 16 * j);
            }
            float maxScale = QuantMath.largestMagnitude(subScales, 0, 16);
            java.util.Arrays.fill(out, (byte) 0);
            if (Math.abs(maxScale) >= QuantMath.GROUP_MAX_EPS) {
                encode(src, x, maxScale, subScales, levels, out);
            }
            MemorySegment.copy(out, 0, dst, ValueLayout.JAVA_BYTE, dstOffset + (long) b * BLOCK_BYTES, BLOCK_BYTES);
        }
    }

    private static void encode(float[] src, int x, float maxScale, float[] subScales, byte[] levels, byte[] out) {
        float iscale = -128.f / maxScale;
        short d = QuantMath.toHalf(1 / iscale);
        out[208] = (byte) d;
        out[209] = (byte) (d >> 8);
        for (int j = 0; j < 16; j++) {
            out[192 + j] = (byte) Math.min(127, QuantMath.nearestIntOfProduct(iscale, subScales[j]));
        }
        float dF = Float.float16ToFloat(d);
        for (int j = 0; j < 16; j++) {
            float dj = dF * out[192 + j];
            if (dj == 0) {
                continue;
            }
            for (int i = 0; i < 16; i++) {
                int l = QuantMath.nearestInt(src[x + 16 * j + i] / dj);
                levels[16 * j + i] = (byte) (Math.max(-32, Math.min(31, l)) + 32);
            }
        }
        for (int h = 0; h < 2; h++) {
            int ql = 64 * h;
            int qh = 128 + 32 * h;
            int lb = 128 * h;
            for (int l = 0; l < 32; l++) {
                int l0 = levels[lb + l];
                int l1 = levels[lb + l + 32];
                int l2 = levels[lb + l + 64];
                int l3 = levels[lb + l + 96];
                out[ql + l] = (byte) ((l0 & 0xF) | ((l2 & 0xF) << 4));
                out[ql + 32 + l] = (byte) ((l1 & 0xF) | ((l3 & 0xF) << 4));
                out[qh + l] = (byte) ((l0 >> 4) | ((l1 >> 4) << 2) | ((l2 >> 4) << 4) | ((l3 >> 4) << 6));
            }
        }
    }
}
