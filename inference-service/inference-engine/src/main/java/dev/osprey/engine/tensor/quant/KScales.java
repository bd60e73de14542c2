package dev.osprey.engine.tensor.quant;

/**
 * The 12-byte {@code scales} field shared by Q4_K and Q5_K: eight 6-bit sub-block scales and eight
 * 6-bit mins. Bytes 0-3 hold scales 0-3 (low 6 bits) and the top 2 bits of scales 4-7; bytes 4-7
 * hold mins 0-3 and the top 2 bits of mins 4-7; bytes 8-11 hold the low nibbles of scales 4-7
 * (low half) and mins 4-7 (high half).
 */
final class KScales {
    static final int BYTES = 12;

    private KScales() {
    }

    /** Packs {@code ls[0..8)} and {@code lm[0..8)} (each 0..63) into {@code out[0..12)}. */
    static void pack(int[] ls, int[] lm, byte[] out) {
        for (int j = 0; j < 8; j++) {
            if (j < 4) {
                out[j] = (byte) ls[j];
                out[j + 4] = (byte) lm[j];
            } else {
                out[j + 4] = (byte) ((ls[j] & 0xF) | ((lm[j] & 0xF) << 4));
                out[j - 4] |= (byte) ((ls[j] >> 4) << 6);
                out[j] |= (byte) ((lm[j] >> 4) << 6);
            }
        }
    }

    /** Sub-block {@code j}'s scale, as {@code get_scale_min_k4} reads it. */
    static int scale(byte[] q, int j) {
        return j < 4 ? q[j] & 63 : (q[j + 4] & 0xF) | (((q[j - 4] & 0xFF) >> 6) << 4);
    }

    /** Sub-block {@code j}'s min, as {@code get_scale_min_k4} reads it. */
    static int min(byte[] q, int j) {
        return j < 4 ? q[j + 4] & 63 : ((q[j + 4] & 0xFF) >> 4) | (((q[j] & 0xFF) >> 6) << 4);
    }
}
