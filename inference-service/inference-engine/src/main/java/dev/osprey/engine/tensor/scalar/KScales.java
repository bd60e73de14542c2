package dev.osprey.engine.tensor.scalar;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The 12-byte scale/min packing of Q4_K and Q5_K super-blocks (ggml {@code get_scale_min_k4}): eight
 * 6-bit scales and eight 6-bit mins, one pair per 32-element sub-block. Sub-blocks 0..3 keep their
 * scale in the low 6 bits of byte {@code j} and their min in the low 6 bits of byte {@code j + 4};
 * sub-blocks 4..7 keep the low 4 bits of scale and min in the two nibbles of byte {@code j + 4} and
 * the high 2 bits in the top bits of bytes {@code j - 4} (scale) and {@code j} (min).
 */
public final class KScales {
    public static final int BYTES = 12;

    private KScales() {
    }

    /** Scale of sub-block {@code j} (0..7), 0..63, from the 12 bytes at {@code offset}. */
    public static int scale(MemorySegment data, long offset, int j) {
        if (j < 4) {
            return u8(data, offset + j) & 63;
        }
        return (u8(data, offset + j + 4) & 0xF) | ((u8(data, offset + j - 4) >>> 6) << 4);
    }

    /** Min of sub-block {@code j} (0..7), 0..63, from the 12 bytes at {@code offset}. */
    public static int min(MemorySegment data, long offset, int j) {
        if (j < 4) {
            return u8(data, offset + j + 4) & 63;
        }
        return (u8(data, offset + j + 4) >>> 4) | ((u8(data, offset + j) >>> 6) << 4);
    }

    private static int u8(MemorySegment data, long offset) {
        return data.get(ValueLayout.JAVA_BYTE, offset) & 0xFF;
    }
}
