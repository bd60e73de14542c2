package dev.osprey.engine.tensor.quant;

import dev.osprey.gguf.GgmlType;
import java.lang.foreign.MemorySegment;

/**
 * BF16: the top 16 bits of the float32, rounded to nearest even; NaNs stay NaN and become quiet
 * (ggml's {@code ggml_compute_fp32_to_bf16}).
 */
public final class Bf16Quantizer implements Quantizer {

    @Override
    public GgmlType type() {
        return GgmlType.BF16;
    }

    @Override
    public void quantize(float[] src, int srcOffset, int n, MemorySegment dst, long dstOffset) {
        for (int i = 0; i < n; i++) {
            dst.set(QuantMath.LE_SHORT, dstOffset + 2L * i, toBf16(src[srcOffset + i]));
        }
    }

    /** The bfloat16 bits of {@code x}. */
    public static short toBf16(float x) {
        int u = Float.floatToRawIntBits(x);
        if ((u & 0x7fffffff) > 0x7f800000) {
            return (short) ((u >>> 16) | 64);
        }
        return (short) ((u + (0x7fff + ((u >>> 16) & 1))) >>> 16);
    }
}
