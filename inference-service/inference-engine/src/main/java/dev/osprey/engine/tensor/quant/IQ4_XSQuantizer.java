package dev.osprey.engine.tensor.quant;

import dev.osprey.gguf.GgmlType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * IQ4_XS ({@code quantize_iq4_xs} without an importance matrix, which {@code quantize_row_iq4_xs_ref}
 * calls). Super-block of 256 values in eight sub-blocks of 32, 136 bytes:
 * {@code f16 d, uint16 scales_h, uint8 scales_l[4], uint8 qs[128]}. Sub-block {@code ib}'s 6-bit scale
 * (biased by 32) keeps its low nibble in nibble {@code ib % 2} of {@code scales_l[ib/2]} and its top
 * 2 bits at bits {@code 2ib} of {@code scales_h}; its 32 indices into {@link NonLinearScaleSearch#GRID} sit
 * in {@code qs[16ib .. 16ib+16)}, values {@code 0..15} in the low nibbles, {@code 16..31} in the high
 * ones. Value {@code i} decodes as {@code d * (scale - 32) * GRID[index_i]}.
 *
 * <p>Each sub-block's scale is the best of 16 candidates by weighted least squares (weights
 * {@code x^2}); the scales are quantized against {@code d = -max / 32} for the signed scale of largest
 * magnitude, and every value is re-indexed against its sub-block's rounded scale. The searches call a
 * binary search, so GCC keeps them scalar and fuses each product into its sum (see {@link QuantMath});
 * this does the same.
 */
public final class IQ4_XSQuantizer implements Quantizer {
    private static final int QK_K = 256;
    private static final int BLOCK_BYTES = 136;
    private static final int SUB = 32;
    private static final int NTRY = 7;

    @Override
    public GgmlType type() {
        return GgmlType.IQ4_XS;
    }

    @Override
    public void quantize(float[] src, int srcOffset, int n, MemorySegment dst, long dstOffset) {
        QuantMath.requireBlocks("IQ4_XS", n, QK_K);
        float[] subScales = new float[QK_K / SUB];
        byte[] levels = new byte[SUB]; // the fit's first assignment; encode re-derives the final one
        byte[] out = new byte[BLOCK_BYTES];
        for (int b = 0; b < n / QK_K; b++) {
            int x = srcOffset + b * QK_K;
            for (int ib = 0; ib < QK_K / SUB; ib++) {
                subScales[ib] = NonLinearScaleSearch.fit(SUB, NTRY, src, x + SUB * ib, levels, 0);
            }
            float maxScale = QuantMath.largestMagnitude(subScales, 0, subScales.length);
            Arrays.fill(out, (byte) 0);
            encode(src, x, maxScale, subScales, out);
            MemorySegment.copy(out, 0, dst, ValueLayout.JAVA_BYTE, dstOffset + (long) b * BLOCK_BYTES, BLOCK_BYTES);
        }
    }

    private static void encode(float[] src, int x, float maxScale, float[] subScales, byte[] out) {
        float d = -maxScale / 32;
        short dh = QuantMath.toHalf(d);
        out[0] = (byte) dh;
        out[1] = (byte) (dh >> 8);
        float id = d != 0 ? 1 / d : 0.f;
        int scalesH = 0;
        for (int ib = 0; ib < QK_K / SUB; ib++) {
            int l = Math.max(-32, Math.min(31, QuantMath.nearestIntOfProduct(id, subScales[ib])));
            float dl = d * l;
            float idl = dl != 0 ? 1 / dl : 0.f;
            for (int j = 0; j < SUB / 2; j++) {
                int lo = NonLinearScaleSearch.nearestLevel(idl * src[x + SUB * ib + j]);
                int hi = NonLinearScaleSearch.nearestLevel(idl * src[x + SUB * ib + SUB / 2 + j]);
                out[8 + 16 * ib + j] = (byte) (lo | (hi << 4));
            }
            l += 32;
            out[4 + ib / 2] |= (byte) ((l & 0xF) << (4 * (ib % 2)));
            scalesH |= (l >> 4) << (2 * ib);
        }
        out[2] = (byte) scalesH;
        out[3] = (byte) (scalesH >> 8);
    }
}
