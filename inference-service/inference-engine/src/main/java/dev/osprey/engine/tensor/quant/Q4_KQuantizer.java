package dev.osprey.engine.tensor.quant;

import dev.osprey.gguf.GgmlType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Q4_K ({@code quantize_row_q4_K_ref}). Super-block of 256 values in eight sub-blocks of 32, 144
 * bytes: {@code f16 d, f16 dmin, uint8 scales[12]} (see {@link KScales}), {@code uint8 qs[128]}.
 * Each 64-value chunk {@code c} uses 32 bytes of {@code qs}: value {@code 64c + l} in the low nibble
 * of byte {@code 32c + l}, value {@code 64c + 32 + l} in its high nibble. Value {@code i} of
 * sub-block {@code j} decodes as {@code d * scale_j * q_i - dmin * min_j}.
 */
public final class Q4_KQuantizer implements Quantizer {
    private static final int QK_K = 256;
    private static final int BLOCK_BYTES = 144;

    @Override
    public GgmlType type() {
        return GgmlType.Q4_K;
    }

    @Override
    public void quantize(float[] src, int srcOffset, int n, MemorySegment dst, long dstOffset) {
        QuantMath.requireBlocks("Q4_K", n, QK_K);
        AffineSuperBlock block = new AffineSuperBlock(15, -1.f, 0.1f, 20);
        byte[] out = new byte[BLOCK_BYTES];
        for (int b = 0; b < n / QK_K; b++) {
            block.quantize(src, srcOffset + b * QK_K);
            out[0] = (byte) block.d;
            out[1] = (byte) (block.d >> 8);
            out[2] = (byte) block.dmin;
            out[3] = (byte) (block.dmin >> 8);
            System.arraycopy(block.scales, 0, out, 4, KScales.BYTES);
            byte[] levels = block.levels;
            for (int c = 0; c < 4; c++) {
                for (int l = 0; l < 32; l++) {
                    out[16 + 32 * c + l] = (byte) (levels[64 * c + l] | (levels[64 * c + 32 + l] << 4));
                }
            }
            MemorySegment.copy(out, 0, dst, ValueLayout.JAVA_BYTE, dstOffset + (long) b * BLOCK_BYTES, BLOCK_BYTES);
        }
    }
}
