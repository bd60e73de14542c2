package dev.osprey.engine.tensor.quant;

import dev.osprey.gguf.GgmlType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * IQ4_NL ({@code quantize_iq4_nl} with no importance matrix, the path {@code ggml_quantize_chunk} and
 * so {@code llama-quantize} take). Block of 32 values, 18 bytes: {@code f16 d} then
 * {@code uint8 qs[16]}, nibbles packed as in Q4_0 (byte {@code j}: value {@code j} low, value
 * {@code j + 16} high); a nibble indexes the non-linear grid {@link NonLinearScaleSearch#GRID} and
 * decodes as {@code d * GRID[nibble]}. The scale comes from {@link NonLinearScaleSearch#fit} with 7
 * tries each side; every value then takes the grid level nearest {@code x / d} (unrounded {@code d}).
 * An all-zero block stores {@code d = 0} and index 8 (the level nearest 0) throughout.
 */
public final class IQ4_NLQuantizer implements Quantizer {
    private static final int QK = 32;
    private static final int BLOCK_BYTES = 18;
    private static final int TRIES = 7;

    @Override
    public GgmlType type() {
        return GgmlType.IQ4_NL;
    }

    @Override
    public void quantize(float[] src, int srcOffset, int n, MemorySegment dst, long dstOffset) {
        QuantMath.requireBlocks("IQ4_NL", n, QK);
        byte[] levels = new byte[QK];
        for (int b = 0; b < n / QK; b++) {
            int x = srcOffset + b * QK;
            long out = dstOffset + (long) b * BLOCK_BYTES;
            float d = NonLinearScaleSearch.fit(QK, TRIES, src, x, levels, 0);
            QuantMath.putHalf(dst, out, d);
            float id = d != 0 ? 1 / d : 0;
            for (int j = 0; j < QK; j++) {
                levels[j] = (byte) NonLinearScaleSearch.nearestLevel(id * src[x + j]);
            }
            for (int j = 0; j < QK / 2; j++) {
                dst.set(ValueLayout.JAVA_BYTE, out + 2 + j, (byte) (levels[j] | (levels[j + QK / 2] << 4)));
            }
        }
    }
}
