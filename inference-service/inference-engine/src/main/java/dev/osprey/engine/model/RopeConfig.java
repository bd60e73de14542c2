package dev.osprey.engine.model;

/**
 * Rotary position embedding.
 *
 * @param type        which dimension pairs rotate together
 * @param dimensions  leading dimensions of each head that are rotated (llama.cpp's n_rot)
 * @param theta       base frequency ({@code rope.freq_base})
 * @param linearScale positions are divided by this ({@code rope.scaling.factor} with type linear; 1 = off)
 * @param freqFactors per-pair divisors of the frequency, length dimensions/2 (llama.cpp's
 *                    {@code rope_freqs.weight}, which carries Llama 3.1's scaling), or null
 * @param yarn        YaRN scaling (then {@code linearScale} is 1), or null
 */
public record RopeConfig(RopeType type, int dimensions, double theta, double linearScale, float[] freqFactors,
                         Yarn yarn) {

    /** Without YaRN. */
    public RopeConfig(RopeType type, int dimensions, double theta, double linearScale, float[] freqFactors) {
        this(type, dimensions, theta, linearScale, freqFactors, null);
    }

    public RopeConfig {
        if (!(theta > 0)) {
            throw new ModelFormatException("rope.freq_base must be > 0, got " + theta);
        }
        if (!(linearScale > 0)) {
            throw new ModelFormatException("rope.scaling.factor must be > 0, got " + linearScale);
        }
        if (freqFactors != null && freqFactors.length != dimensions / 2) {
            throw new ModelFormatException("rope_freqs has " + freqFactors.length + " factors, rope.dimension_count "
                    + dimensions + " needs " + dimensions / 2);
        }
    }

    /** Inverse frequency of pair {@code i} (0 ≤ i < dimensions/2), in radians per position. */
    public double inverseFrequency(int i) {
        double f = Math.pow(theta, -2.0 * i / dimensions) / linearScale;
        f = freqFactors == null ? f : f / freqFactors[i];
        if (yarn == null) {
            return f;
        }
        double kept = yarn.extrapolation(i, dimensions, theta);
        return f * ((1 - kept) / yarn.factor() + kept);
    }

    /** What every rotation's cos and sin are multiplied by (YaRN's magnitude; 1 otherwise). */
    public double magnitude() {
        return yarn == null ? 1 : yarn.magnitude();
    }
}
