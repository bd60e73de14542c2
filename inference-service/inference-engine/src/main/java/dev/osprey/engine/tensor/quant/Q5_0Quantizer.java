package dev.osprey.engine.tensor.quant;

import dev.osprey.gguf.GgmlType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Q5_0 ({@code quantize_row_q5_0_ref}). Block of 32 values, 22 bytes: {@code f16 d}, {@code u32 qh}
 * (little-endian), then {@code uint8 qs[16]}. Value {@code i} is a 5-bit {@code q} decoding as
 * {@code d * (q - 16)}: its low nibble sits in {@code qs[i % 16]} (low nibble for {@code i < 16},
 * high for {@code i >= 16}), its fifth bit is bit {@code i} of {@code qh}. {@code d = max / -16},
 * where {@code max} is the value of largest magnitude (first one on ties), so it maps to 0. As in
 * ggml built by GCC for FMA hardware, {@code x * id + 16.5} is one fused operation.
 */
public final class Q5_0Quantizer implements Quantizer {
    private static final int QK = 32;
    private static final int BLOCK_BYTES = 22;

    @Override
    public GgmlType type() {
        return GgmlType.Q5_0;
    }

    @Override
    public void quantize(float[] src, int srcOffset, int n, MemorySegment dst, long dstOffset) {
        QuantMath.requireBlocks("Q5_0", n, QK);
        for (int b = 0; b < n / QK; b++) {
            int x = srcOffset + b * QK;
            long out = dstOffset + (long) b * BLOCK_BYTES;
            float max = QuantMath.largestMagnitude(src, x, QK);
            float d = max / -16;
            float id = d != 0 ? 1.0f / d : 0.0f;
            QuantMath.putHalf(dst, out, d);
            int qh = 0;
            for (int j = 0; j < QK / 2; j++) {
                int q0 = Math.min(31, (byte) (int) Math.fma(src[x + j], id, 16.5f));
                int q1 = Math.min(31, (byte) (int) Math.fma(src[x + QK / 2 + j], id, 16.5f));
                dst.set(ValueLayout.JAVA_BYTE, out + 6 + j, (byte) ((q0 & 0xF) | ((q1 & 0xF) << 4)));
                qh |= ((q0 >>> 4) & 1) << j;
                qh |= ((q1 >>> 4) & 1) << (j + QK / 2);
            }
            dst.set(QuantMath.LE_INT, out + 2, qh);
        }
    }
}
