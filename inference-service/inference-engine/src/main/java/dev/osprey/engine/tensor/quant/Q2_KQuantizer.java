package dev.osprey.engine.tensor.quant;

import dev.osprey.gguf.GgmlType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Q2_K ({@code quantize_row_q2_K_ref}). Super-block of 256 values in sixteen sub-blocks of 16, 84
 * bytes: {@code uint8 scales[16]} (4-bit scale in the low nibble, 4-bit min in the high one),
 * {@code uint8 qs[64]}, {@code f16 d, f16 dmin}. Value {@code 128h + 32j + l} is the 2-bit level at
 * bits {@code 2j .. 2j+1} of {@code qs[32h + l]}; value {@code i} of sub-block {@code s} decodes as
 * {@code d * scale_s * q_i - dmin * min_s}. Each sub-block is fitted with {@link AffineScaleSearch}
 * (absolute error weighted by {@code |x|}); scales and mins are then quantized to 4 bits against
 * {@code max / 15} and every value is requantized against its sub-block's rounded scale and min.
 */
public final class Q2_KQuantizer implements Quantizer {
    private static final int QK_K = 256;
    private static final int BLOCK_BYTES = 84;
    private static final int NMAX = 3;
    private static final float Q4SCALE = 15.f;

    @Override
    public GgmlType type() {
        return GgmlType.Q2_K;
    }

    @Override
    public void quantize(float[] src, int srcOffset, int n, MemorySegment dst, long dstOffset) {
        QuantMath.requireBlocks("Q2_K", n, QK_K);
        byte[] levels = new byte[QK_K];
        byte[] aux = new byte[16];
        float[] weights = new float[16];
        float[] subScales = new float[16];
        float[] subMins = new float[16];
        byte[] out = new byte[BLOCK_BYTES];
        for (int b = 0; b < n / QK_K; b++) {
            int x = srcOffset + b * QK_K;
            float maxScale = 0;
            float maxMin = 0;
            for (int j = 0; j < 16; j++) {
                for (int l = 0; l < 16; l++) {
                    weights[l] = Math.abs(src[x + 16 * j + l]);
                }
                subScales[j] = AffineScaleSearch.fit(16, NMAX, src, x + 16 * j, weights, levels, 16 * j,
                        subMins, j, aux, -0.5f, 0.1f, 15, true);
                if (subScales[j] > maxScale) {
                    maxScale = subScales[j];
                }
                if (subMins[j] > maxMin) {
                    maxMin = subMins[j];
                }
            }
            encode(src, x, maxScale, maxMin, subScales, subMins, levels, out);
            MemorySegment.copy(out, 0, dst, ValueLayout.JAVA_BYTE, dstOffset + (long) b * BLOCK_BYTES, BLOCK_BYTES);
        }
    }

    private static void encode(float[] src, int x, float maxScale, float maxMin, float[] subScales,
                               float[] subMins, byte[] levels, byte[] out) {
        short d = 0;
        short dmin = 0;
        for (int j = 0; j < 16; j++) {
            out[j] = 0;
        }
        if (maxScale > 0) {
            float iscale = Q4SCALE / maxScale;
            for (int j = 0; j < 16; j++) {
                out[j] = (byte) QuantMath.nearestIntOfProduct(iscale, subScales[j]);
            }
            d = QuantMath.toHalf(maxScale / Q4SCALE);
        }
        if (maxMin > 0) {
            float iscale = Q4SCALE / maxMin;
            for (int j = 0; j < 16; j++) {
                out[j] |= (byte) (QuantMath.nearestIntOfProduct(iscale, subMins[j]) << 4);
            }
            dmin = QuantMath.toHalf(maxMin / Q4SCALE);
        }
        out[80] = (byte) d;
        out[81] = (byte) (d >> 8);
        out[82] = (byte) dmin;
        out[83] = (byte) (dmin >> 8);
        float dF = Float.float16ToFloat(d);
        float dminF = Float.float16ToFloat(dmin);
        for (int j = 0; j < 16; j++) {
            float dj = dF * (out[j] & 0xF);
            if (dj == 0) {
                continue;
            }
            float mj = dminF * ((out[j] & 0xFF) >> 4);
            for (int i = 0; i < 16; i++) {
                int l = QuantMath.nearestInt((src[x + 16 * j + i] + mj) / dj);
                levels[16 * j + i] = (byte) Math.max(0, Math.min(NMAX, l));
            }
        }
        for (int h = 0; h < 2; h++) {
            for (int l = 0; l < 32; l++) {
                int lb = 128 * h + l;
                out[16 + 32 * h + l] = (byte) (levels[lb] | (levels[lb + 32] << 2) | (levels[lb + 64] << 4)
                        | (levels[lb + 96] << 6));
            }
        }
    }
}
