package dev.osprey.engine.synthetic;

import dev.osprey.gguf.GgmlType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

/**
 * Seeded random rows in a ggml type's block layout, every block valid (finite scales), with values of
 * roughly the spread of trained weights (standard deviation about 0.02). Quants are uniform random
 * bits; scales are chosen so the dequantized values have that spread. Speed does not depend on the
 * values, only on the layout; these are for benchmark models, not for accuracy tests.
 */
final class RandomBlocks {
    private static final float STD = 0.02f;

    private RandomBlocks() {
    }

    /** Fills {@code out} (a whole number of rows of {@code type}) from {@code random}. */
    static void fill(GgmlType type, SplittableRandom random, ByteBuffer out) {
        out.order(ByteOrder.LITTLE_ENDIAN);
        switch (type) {
            case F32 -> {
                while (out.hasRemaining()) {
                    out.putFloat((float) (random.nextGaussian() * STD));
                }
            }
            case F16 -> {
                while (out.hasRemaining()) {
                    out.putShort(Float.floatToFloat16((float) (random.nextGaussian() * STD)));
                }
            }
            case BF16 -> {
                while (out.hasRemaining()) {
                    out.putShort((short) (Float.floatToRawIntBits((float) (random.nextGaussian() * STD)) >>> 16));
                }
            }
            // value = d * q, q uniform in [-128, 127]: std ≈ 74 d
            case Q8_0 -> blocks(out, random, 32, 2, STD / 74f);
            // value = d * (q - 8), q uniform in [0, 15]: std ≈ 4.6 d
            case Q4_0 -> blocks(out, random, 16, 2, STD / 4.6f);
            // value = d * sc * q - dmin * m, sc/m uniform 6-bit, q 4 bits: std ≈ 32 * 4.6 d
            case Q4_K -> kBlocks(out, random, 144, STD / 150f);
            case Q5_K -> kBlocks(out, random, 176, STD / 300f);
            case Q6_K -> q6kBlocks(out, random);
            default -> throw new IllegalArgumentException("no random blocks for " + type);
        }
    }

    /** Blocks of [f16 d][quantBytes random bytes]. */
    private static void blocks(ByteBuffer out, SplittableRandom random, int quantBytes, int scaleBytes, float d) {
        byte[] quants = new byte[quantBytes];
        while (out.hasRemaining()) {
            out.putShort(Float.floatToFloat16(d));
            random.nextBytes(quants);
            out.put(quants);
        }
    }

    /** Q4_K / Q5_K super-blocks: [f16 d][f16 dmin][random scales and quants]. */
    private static void kBlocks(ByteBuffer out, SplittableRandom random, int blockBytes, float d) {
        byte[] rest = new byte[blockBytes - 4];
        while (out.hasRemaining()) {
            out.putShort(Float.floatToFloat16(d));
            out.putShort(Float.floatToFloat16(d * 4));
            random.nextBytes(rest);
            out.put(rest);
        }
    }

    /** Q6_K super-blocks: [ql 128][qh 64][int8 scales 16][f16 d]; value = d * sc * (q - 32). */
    private static void q6kBlocks(ByteBuffer out, SplittableRandom random) {
        byte[] quants = new byte[192];
        byte[] scales = new byte[16];
        while (out.hasRemaining()) {
            random.nextBytes(quants);
            out.put(quants);
            for (int i = 0; i < 16; i++) {
                scales[i] = (byte) (random.nextInt(64) - 32);
            }
            out.put(scales);
            out.putShort(Float.floatToFloat16(STD / (18.5f * 18.5f)));
        }
    }
}
