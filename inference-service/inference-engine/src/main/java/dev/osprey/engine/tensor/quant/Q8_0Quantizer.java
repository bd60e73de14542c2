package dev.osprey.engine.tensor.quant;

import dev.osprey.gguf.GgmlType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Q8_0 ({@code quantize_row_q8_0_ref}). Block of 32 values, 34 bytes: {@code f16 d} then
 * {@code int8 qs[32]}; value {@code i} decodes as {@code d * qs[i]}, with {@code d = amax / 127}.
 */
public final class Q8_0Quantizer implements Quantizer {
    private static final int QK = 32;
    private static final int BLOCK_BYTES = 34;

    @Override
    public GgmlType type() {
        return GgmlType.Q8_0;
    }

    @Override
    public void quantize(float[] src, int srcOffset, int n, MemorySegment dst, long dstOffset) {
        QuantMath.requireBlocks("Q8_0", n, QK);
        for (int b = 0; b < n / QK; b++) {
            int x = srcOffset + b * QK;
            long out = dstOffset + (long) b * BLOCK_BYTES;
            float amax = 0;
            for (int j = 0; j < QK; j++) {
                amax = Math.max(amax, Math.abs(src[x + j]));
            }
            float d = amax / 127;
            float id = d != 0 ? 1.0f / d : 0.0f;
            QuantMath.putHalf(dst, out, d);
            for (int j = 0; j < QK; j++) {
                dst.set(ValueLayout.JAVA_BYTE, out + 2 + j, (byte) QuantMath.roundHalfAway(src[x + j] * id));
            }
        }
    }
}
