package dev.osprey.engine.tensor.vector;

/**
 * The 12-byte six-bit scale/min packing of Q4_K and Q5_K (see the scalar {@code KScales}), read as a
 * little-endian long {@code lo} (bytes 0..7) and int {@code hi} (bytes 8..11).
 */
final class KScales6 {
    private KScales6() {
    }

    /** Scale of sub-block {@code j} (0..7), 0..63. */
    static int scale(long lo, int hi, int j) {
        if (j < 4) {
            return (int) (lo >>> (8 * j)) & 63;
        }
        return ((hi >>> (8 * (j - 4))) & 0xF) | (((int) (lo >>> (8 * (j - 4) + 6)) & 3) << 4);
    }

    /** Min of sub-block {@code j} (0..7), 0..63. */
    static int min(long lo, int hi, int j) {
        if (j < 4) {
            return (int) (lo >>> (8 * (j + 4))) & 63;
        }
        return ((hi >>> (8 * (j - 4) + 4)) & 0xF) | (((int) (lo >>> (8 * j + 6)) & 3) << 4);
    }
}
