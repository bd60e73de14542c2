package dev.osprey.engine.tensor.quant;

import dev.osprey.gguf.GgmlType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Q5_K ({@code quantize_row_q5_K_ref}). Super-block of 256 values in eight sub-blocks of 32, 176
 * bytes: {@code f16 d, f16 dmin, uint8 scales[12]} (see {@link KScales}), {@code uint8 qh[32]},
 * {@code uint8 qs[128]}. The low 4 bits of each 5-bit level sit in {@code qs} as in Q4_K; the fifth
 * bit of value {@code 64c + l} is bit {@code 2c} of {@code qh[l]}, of value {@code 64c + 32 + l}
 * bit {@code 2c + 1}. Decodes as {@code d * scale_j * q_i - dmin * min_j}.
 */
public final class Q5_KQuantizer implements Quantizer {
    private static final int QK_K = 256;
    private static final int BLOCK_BYTES = 176;

    @Override
    public GgmlType type() {
        return GgmlType.Q5_K;
    }

    @Override
    public void quantize(float[] src, int srcOffset, int n, MemorySegment dst, long dstOffset) {
        QuantMath.requireBlocks("Q5_K", n, QK_K);
        AffineSuperBlock block = new AffineSuperBlock(31, -0.5f, 0.1f, 15);
        byte[] out = new byte[BLOCK_BYTES];
        for (int b = 0; b < n / QK_K; b++) {
            block.quantize(src, srcOffset + b * QK_K);
            out[0] = (byte) block.d;
            out[1] = (byte) (block.d >> 8);
            out[2] = (byte) block.dmin;
            out[3] = (byte) (block.dmin >> 8);
            System.arraycopy(block.scales, 0, out, 4, KScales.BYTES);
            byte[] levels = block.levels;
            int qh = 16;
            int qs = 48;
            java.util.Arrays.fill(out, qh, qh + 32, (byte) 0);
            for (int c = 0; c < 4; c++) {
                for (int l = 0; l < 32; l++) {
                    int l1 = levels[64 * c + l];
                    int l2 = levels[64 * c + 32 + l];
                    int high = ((l1 >> 4) << (2 * c)) | ((l2 >> 4) << (2 * c + 1));
                    out[qh + l] |= (byte) high;
                    out[qs + 32 * c + l] = (byte) ((l1 & 0xF) | ((l2 & 0xF) << 4));
                }
            }
            MemorySegment.copy(out, 0, dst, ValueLayout.JAVA_BYTE, dstOffset + (long) b * BLOCK_BYTES, BLOCK_BYTES);
        }
    }
}
