package dev.osprey.engine.forward;

import dev.osprey.engine.model.RopeConfig;
import dev.osprey.engine.model.RopeType;

/** Rotary position embedding applied in place to the heads of one token's q or k vector. */
final class Rope {
    private final RopeConfig config;
    private final double[] inverseFrequency; // [dimensions/2]
    private final double magnitude;

    Rope(RopeConfig config) {
        this.config = config;
        this.inverseFrequency = new double[config.dimensions() / 2];
        for (int i = 0; i < inverseFrequency.length; i++) {
            inverseFrequency[i] = config.inverseFrequency(i);
        }
        this.magnitude = config.magnitude();
    }

    /**
     * cos/sin of every pair's angle at {@code position}, times the rotation's magnitude (YaRN's; 1 otherwise):
     * {@code table[2i] = cos, table[2i+1] = sin}.
     */
    void angles(int position, float[] table) {
        for (int i = 0; i < inverseFrequency.length; i++) {
            double theta = position * inverseFrequency[i];
            table[2 * i] = (float) (Math.cos(theta) * magnitude);
            table[2 * i + 1] = (float) (Math.sin(theta) * magnitude);
        }
    }

    /** Rotates {@code heads} heads of width {@code headDim} starting at {@code v[offset]}. */
    void apply(float[] v, int offset, int heads, int headDim, float[] table) {
        int half = config.dimensions() / 2;
        boolean neox = config.type() == RopeType.NEOX;
        for (int h = 0; h < heads; h++) {
            int base = offset + h * headDim;
            for (int i = 0; i < half; i++) {
                int a = neox ? base + i : base + 2 * i;
                int b = neox ? base + i + half : base + 2 * i + 1;
                float cos = table[2 * i];
                float sin = table[2 * i + 1];
                float x0 = v[a];
                float x1 = v[b];
                v[a] = x0 * cos - x1 * sin;
                v[b] = x0 * sin + x1 * cos;
            }
        }
    }
}
