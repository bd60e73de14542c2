package dev.osprey.engine.tensor.quant;

import dev.osprey.gguf.GgmlType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Q5_1 ({@code quantize_row_q5_1_ref}). Block of 32 values, 24 bytes: {@code f16 d}, {@code f16 m},
 * {@code u32 qh} (little-endian), then {@code uint8 qs[16]}. Value {@code i} is a 5-bit {@code q}
 * decoding as {@code d * q + m}: its low nibble sits in {@code qs[i % 16]} (low nibble for
 * {@code i < 16}, high for {@code i >= 16}), its fifth bit is bit {@code i} of {@code qh}.
 * {@code m} is the block's minimum and {@code d = (max - min) / 31}. As in ggml built by GCC for FMA
 * hardware, {@code (x - min) * id + 0.5} is one fused operation.
 */
public final class Q5_1Quantizer implements Quantizer {
    private static final int QK = 32;
    private static final int BLOCK_BYTES = 24;

    @Override
    public GgmlType type() {
        return GgmlType.Q5_1;
    }

    @Override
    public void quantize(float[] src, int srcOffset, int n, MemorySegment dst, long dstOffset) {
        QuantMath.requireBlocks("Q5_1", n, QK);
        for (int b = 0; b < n / QK; b++) {
            int x = srcOffset + b * QK;
            long out = dstOffset + (long) b * BLOCK_BYTES;
            float min = QuantMath.minimum(src, x, QK);
            float max = QuantMath.maximum(src, x, QK);
            float d = (max - min) / 31;
            float id = d != 0 ? 1.0f / d : 0.0f;
            QuantMath.putHalf(dst, out, d);
            QuantMath.putHalf(dst, out + 2, min);
            int qh = 0;
            for (int j = 0; j < QK / 2; j++) {
                int q0 = (int) Math.fma(src[x + j] - min, id, 0.5f) & 0xFF;
                int q1 = (int) Math.fma(src[x + QK / 2 + j] - min, id, 0.5f) & 0xFF;
                dst.set(ValueLayout.JAVA_BYTE, out + 8 + j, (byte) ((q0 & 0xF) | ((q1 & 0xF) << 4)));
                qh |= ((q0 >>> 4) & 1) << j;
                qh |= ((q1 >>> 4) & 1) << (j + QK / 2);
            }
            dst.set(QuantMath.LE_INT, out + 4, qh);
        }
    }
}
