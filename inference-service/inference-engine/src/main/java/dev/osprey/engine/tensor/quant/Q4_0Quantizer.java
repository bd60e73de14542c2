package dev.osprey.engine.tensor.quant;

import dev.osprey.gguf.GgmlType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Q4_0 ({@code quantize_row_q4_0_ref}). Block of 32 values, 18 bytes: {@code f16 d} then
 * {@code uint8 qs[16]}; byte {@code j} holds value {@code j} in its low nibble and value
 * {@code j + 16} in its high nibble, each decoding as {@code d * (q - 8)}. {@code d = max / -8},
 * where {@code max} is the value of largest magnitude (first one on ties), so it maps to -8. As in
 * ggml built by GCC for FMA hardware, {@code x * id + 8.5} is one fused operation.
 */
public final class Q4_0Quantizer implements Quantizer {
    private static final int QK = 32;
    private static final int BLOCK_BYTES = 18;

    @Override
    public GgmlType type() {
        return GgmlType.Q4_0;
    }

    @Override
    public void quantize(float[] src, int srcOffset, int n, MemorySegment dst, long dstOffset) {
        QuantMath.requireBlocks("Q4_0", n, QK);
        for (int b = 0; b < n / QK; b++) {
            int x = srcOffset + b * QK;
            long out = dstOffset + (long) b * BLOCK_BYTES;
            float max = QuantMath.largestMagnitude(src, x, QK);
            float d = max / -8;
            float id = d != 0 ? 1.0f / d : 0.0f;
            QuantMath.putHalf(dst, out, d);
            for (int j = 0; j < QK / 2; j++) {
                int q0 = Math.min(15, (byte) (int) Math.fma(src[x + j], id, 8.5f));
                int q1 = Math.min(15, (byte) (int) Math.fma(src[x + QK / 2 + j], id, 8.5f));
                dst.set(ValueLayout.JAVA_BYTE, out + 2 + j, (byte) (q0 | (q1 << 4)));
            }
        }
    }
}
