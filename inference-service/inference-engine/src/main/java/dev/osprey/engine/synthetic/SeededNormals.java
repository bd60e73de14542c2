package dev.osprey.engine.synthetic;

import java.nio.charset.StandardCharsets;

/**
 * Normally distributed floats addressed by (seed, tensor name, row), so any row can be generated on
 * any thread in any order and the file comes out the same. Each row is its own SplitMix64 stream fed
 * to Marsaglia and Tsang's 128-layer ziggurat (index and magnitude from separate bits of each 64-bit
 * draw). Tables and the rare tail and wedge samples use {@link StrictMath}, so values are identical
 * on every JVM and platform.
 */
final class SeededNormals {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private static final double TWO_POW_MINUS_53 = 0x1.0p-53;
    private static final double R = 3.442619855899;
    private static final long[] K = new long[128];
    private static final double[] W = new double[128];
    private static final double[] F = new double[128];

    static {
        double m1 = 2147483648.0;
        double v = 9.91256303526217e-3;
        double dn = R;
        double tn = dn;
        double q = v / StrictMath.exp(-.5 * dn * dn);
        K[0] = (long) (dn / q * m1);
        K[1] = 0;
        W[0] = q / m1;
        W[127] = dn / m1;
        F[0] = 1.;
        F[127] = StrictMath.exp(-.5 * dn * dn);
        for (int i = 126; i >= 1; i--) {
            dn = StrictMath.sqrt(-2. * StrictMath.log(v / dn + StrictMath.exp(-.5 * dn * dn)));
            K[i + 1] = (long) (dn / tn * m1);
            tn = dn;
            F[i] = StrictMath.exp(-.5 * dn * dn);
            W[i] = dn / m1;
        }
    }

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
        Stream s = new Stream(mix(tensorSeed + row * GOLDEN_GAMMA));
        for (int i = 0; i < n; i++) {
            long u = s.next();
            int iz = (int) (u & 127);
            int hz = (int) (u >> 32);
            double x = Math.abs((long) hz) < K[iz] ? hz * W[iz] : slow(s, hz, iz);
            out[off + i] = (float) (x * std);
        }
    }

    /** The ziggurat's base strip and wedges (about 1% of samples). */
    private static double slow(Stream s, int hz, int iz) {
        while (true) {
            double x = hz * W[iz];
            if (iz == 0) {
                double y;
                do {
                    x = -StrictMath.log(s.uniform()) / R;
                    y = -StrictMath.log(s.uniform());
                } while (y + y < x * x);
                return hz > 0 ? R + x : -R - x;
            }
            if (F[iz] + s.uniform() * (F[iz - 1] - F[iz]) < StrictMath.exp(-.5 * x * x)) {
                return x;
            }
            long u = s.next();
            iz = (int) (u & 127);
            hz = (int) (u >> 32);
            if (Math.abs((long) hz) < K[iz]) {
                return hz * W[iz];
            }
        }
    }

    /** SplitMix64. */
    private static final class Stream {
        private long state;

        Stream(long state) {
            this.state = state;
        }

        long next() {
            state += GOLDEN_GAMMA;
            return mix(state);
        }

        /** Uniform in (0, 1]. */
        double uniform() {
            return ((next() >>> 11) + 1) * TWO_POW_MINUS_53;
        }
    }

    /** SplitMix64's output function (Stafford's variant 13). */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
