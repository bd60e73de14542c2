package dev.osprey.engine.tensor.quant;

import dev.osprey.gguf.GgmlType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Q4_1 ({@code quantize_row_q4_1_ref}). Block of 32 values, 20 bytes: {@code f16 d}, {@code f16 m},
 * then {@code uint8 qs[16]}; byte {@code j} holds value {@code j} in its low nibble and value
 * {@code j + 16} in its high nibble, each decoding as {@code d * q + m}. {@code m} is the block's
 * minimum and {@code d = (max - min) / 15}. As in ggml built by GCC for FMA hardware,
 * {@code (x - min) * id + 0.5} is one fused operation.
 */
public final class Q4_1Quantizer implements Quantizer {
    private static final int QK = 32;
    private static final int BLOCK_BYTES = 20;

    @Override
    public GgmlType type() {
        return GgmlType.Q4_1;
    }

    @Override
    public void quantize(float[] src, int srcOffset, int n, MemorySegment dst, long dstOffset) {
        QuantMath.requireBlocks("Q4_1", n, QK);
        for (int b = 0; b < n / QK; b++) {
            int x = srcOffset + b * QK;
            long out = dstOffset + (long) b * BLOCK_BYTES;
            float min = QuantMath.minimum(src, x, QK);
            float max = QuantMath.maximum(src, x, QK);
            float d = (max - min) / 15;
            float id = d != 0 ? 1.0f / d : 0.0f;
            QuantMath.putHalf(dst, out, d);
            QuantMath.putHalf(dst, out + 2, min);
            for (int j = 0; j < QK / 2; j++) {
                int q0 = Math.min(15, (byte) (int) Math.fma(src[x + j] - min, id, 0.5f));
                int q1 = Math.min(15, (byte) (int) Math.fma(src[x + QK / 2 + j] - min, id, 0.5f));
                dst.set(ValueLayout.JAVA_BYTE, out + 4 + j, (byte) (q0 | (q1 << 4)));
            }
        }
    }
}
