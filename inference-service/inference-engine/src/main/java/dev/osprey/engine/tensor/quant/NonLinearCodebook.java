package dev.osprey.engine.tensor.quant;

/**
 * ggml's {@code kvalues_iq4nl}, the sixteen levels a 4-bit IQ4 index stands for, and
 * {@code best_index_int8}, the index of the level nearest a value (the lower one on ties).
 */
final class NonLinearCodebook {
    static final int SIZE = 16;
    private static final byte[] VALUES = {
        -127, -104, -83, -65, -49, -35, -22, -10, 1, 13, 25, 38, 53, 69, 89, 113};

    private NonLinearCodebook() {
    }

    static int value(int index) {
        return VALUES[index];
    }

    /** Index of the level nearest {@code x}, by binary search as ggml does it. */
    static int nearestIndex(float x) {
        if (x <= VALUES[0]) {
            return 0;
        }
        if (x >= VALUES[SIZE - 1]) {
            return SIZE - 1;
        }
        int lo = 0;
        int hi = SIZE - 1;
        while (hi - lo > 1) {
            int mid = (lo + hi) / 2;
            if (x < VALUES[mid]) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return x - VALUES[hi - 1] < VALUES[hi] - x ? hi - 1 : hi;
    }
}
