package dev.osprey.engine.tensor.scalar;

import dev.osprey.gguf.GgmlType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * IQ4_XS: super-blocks of 256 elements in 136 bytes,
 * {@code { f16 d; u16 scales_h; u8 scales_l[4]; u8 qs[128]; }}, eight sub-blocks of 32 elements, each
 * with a 6-bit scale biased by 32: its low 4 bits in nibble {@code ib % 2} of {@code scales_l[ib/2]},
 * its high 2 bits at bits {@code 2ib .. 2ib+1} of {@code scales_h}. Sub-block {@code ib} reads
 * {@code qs[16ib .. 16ib+16)}: low nibbles are its elements {@code 0..15}, high nibbles {@code 16..31}.
 * A nibble indexes the non-linear codebook {@link IQ4_NLFormat#GRID}; element value is
 * {@code d * (scale - 32) * IQ4_NLFormat.GRID[nibble]}.
 */
public final class IQ4_XSFormat implements BlockFormat {
    public static final int BLOCK = 256;
    public static final int BLOCK_BYTES = 136;
    public static final int D = 0;
    public static final int SCALES_H = 2;
    public static final int SCALES_L = 4;
    public static final int QS = 8;

    @Override
    public GgmlType type() {
        return GgmlType.IQ4_XS;
    }

    @Override
    public void dequantize(MemorySegment data, long offset, int n, float[] out, int outOffset) {
        for (int b = 0; b < n / BLOCK; b++) {
            long block = offset + (long) b * BLOCK_BYTES;
            float d = Float.float16ToFloat(data.get(F16Format.LE_SHORT, block + D));
            int scalesH = data.get(F16Format.LE_SHORT, block + SCALES_H) & 0xFFFF;
            for (int ib = 0; ib < 8; ib++) {
                int low = (u8(data, block + SCALES_L + ib / 2) >>> (4 * (ib % 2))) & 0xF;
                int high = (scalesH >>> (2 * ib)) & 3;
                float dl = d * ((low | high << 4) - 32);
                int base = outOffset + b * BLOCK + 32 * ib;
                for (int j = 0; j < 16; j++) {
                    int q = u8(data, block + QS + 16 * ib + j);
                    out[base + j] = dl * IQ4_NLFormat.GRID[q & 0xF];
                    out[base + 16 + j] = dl * IQ4_NLFormat.GRID[q >>> 4];
                }
            }
        }
    }

    private static int u8(MemorySegment data, long offset) {
        return data.get(ValueLayout.JAVA_BYTE, offset) & 0xFF;
    }
}
