package dev.osprey.engine.synthetic;

import java.nio.charset.StandardCharsets;

/**
 * Normally distributed floats addressed by (seed, tensor name, row), so any row can be generated on
 * any thread in any order and the file comes out the same. Each row is its own SplitMix64 stream
 * fed to Marsaglia's polar method; {@link StrictMath#log} keeps values identical on every JVM and
 * platform.
 */
final class SeededNormals {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private static final double TWO_POW_MINUS_53 = 0x1.0p-53;

    private SeededNormals() {
    }

    /** The seed of one tensor's values within a model seeded with {@code seed}. */
    static long tensorSeed(long seed, String tensorName) {
        long h = mix(seed ^ 0x6F7370726579L);
        for (byte b : tensorName.getBytes(StandardCharsets.UTF_8)) {
            h = mix(h ^ (b & 0xFF));
        }
        return h;
    }

    /** Writes N(0, std^2) samples for row {@code row} of the tensor to {@code out[off .. off+n)}. */
    static void fillRow(long tensorSeed, long row, float std, float[] out, int off, int n) {
        long state = mix(tensorSeed + row * GOLDEN_GAMMA);
        int i = 0;
        while (i < n) {
            double u;
            double v;
            double s;
            do {
                state += GOLDEN_GAMMA;
                u = 2 * ((mix(state) >>> 11) * TWO_POW_MINUS_53) - 1;
                state += GOLDEN_GAMMA;
                v = 2 * ((mix(state) >>> 11) * TWO_POW_MINUS_53) - 1;
                s = u * u + v * v;
            } while (s >= 1 || s == 0);
            double f = std * Math.sqrt(-2 * StrictMath.log(s) / s);
            out[off + i++] = (float) (u * f);
            if (i < n) {
                out[off + i++] = (float) (v * f);
            }
        }
    }

    /** SplitMix64's output function (Stafford's variant 13). */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
