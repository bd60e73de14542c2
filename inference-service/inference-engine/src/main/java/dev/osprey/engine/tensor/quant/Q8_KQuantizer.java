package dev.osprey.engine.tensor.quant;

import dev.osprey.gguf.GgmlType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Q8_K ({@code quantize_row_q8_K_ref}), the activation format K-quant dot products take. Block of
 * 256 values, 292 bytes: {@code f32 d, int8 qs[256], int16 bsums[16]} with
 * {@code bsums[j] = sum(qs[16j ..+16))}; value {@code i} decodes as {@code d * qs[i]}, where
 * {@code d = max / -127} for the value {@code max} of largest magnitude. An all-zero block is all
 * zero bytes (ggml leaves its {@code bsums} unset).
 */
public final class Q8_KQuantizer implements Quantizer {
    private static final int QK_K = 256;
    private static final int BLOCK_BYTES = 292;

    @Override
    public GgmlType type() {
        return GgmlType.Q8_K;
    }

    @Override
    public void quantize(float[] src, int srcOffset, int n, MemorySegment dst, long dstOffset) {
        QuantMath.requireBlocks("Q8_K", n, QK_K);
        for (int b = 0; b < n / QK_K; b++) {
            int x = srcOffset + b * QK_K;
            long out = dstOffset + (long) b * BLOCK_BYTES;
            float max = 0;
            float amax = 0;
            for (int j = 0; j < QK_K; j++) {
                float ax = Math.abs(src[x + j]);
                if (ax > amax) {
                    amax = ax;
                    max = src[x + j];
                }
            }
            if (amax == 0) {
                dst.asSlice(out, BLOCK_BYTES).fill((byte) 0);
                continue;
            }
            float iscale = -127.f / max;
            int sum = 0;
            for (int j = 0; j < QK_K; j++) {
                int q = Math.min(127, QuantMath.nearestIntOfProduct(iscale, src[x + j]));
                dst.set(ValueLayout.JAVA_BYTE, out + 4 + j, (byte) q);
                sum += q;
                if ((j & 15) == 15) {
                    dst.set(QuantMath.LE_SHORT, out + 4 + QK_K + 2L * (j >> 4), (short) sum);
                    sum = 0;
                }
            }
            dst.set(QuantMath.LE_FLOAT, out, 1 / iscale);
        }
    }
}
