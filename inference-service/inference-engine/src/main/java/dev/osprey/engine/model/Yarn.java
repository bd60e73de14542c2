package dev.osprey.engine.model;

/**
 * YaRN's RoPE scaling (Peng et al. 2023) as llama.cpp applies it: pairs that turn many times over the original context
 * keep their frequency (extrapolate), pairs that turn less than once are divided by {@code factor} (interpolate), a
 * linear ramp between the two, and every rotation scaled in magnitude.
 *
 * @param factor          context extension ({@code rope.scaling.factor}); positions of the slow pairs are divided by it
 * @param originalContext the context the model was trained for before scaling ({@code rope.scaling.original_context_length})
 * @param betaFast        turns over the original context above which a pair extrapolates (llama.cpp's default 32)
 * @param betaSlow        turns below which a pair interpolates (default 1)
 * @param magnitude       cos and sin are multiplied by this (llama.cpp: {@code 1 + 0.1 ln factor} by default)
 */
public record Yarn(double factor, int originalContext, double betaFast, double betaSlow, double magnitude) {
    public static final double DEFAULT_BETA_FAST = 32;
    public static final double DEFAULT_BETA_SLOW = 1;

    public Yarn {
        if (!(factor >= 1)) {
            throw new ModelFormatException("rope.scaling.factor for yarn must be >= 1, got " + factor);
        }
        if (originalContext <= 0) {
            throw new ModelFormatException("rope.scaling.original_context_length must be positive, got "
                    + originalContext);
        }
    }

    /**
     * llama.cpp's magnitude for {@code factor}: {@code 1 + 0.1 ln factor}, or with a log multiplier ({@code
     * rope.scaling.yarn_log_mul}, DeepSeek's mscale_all_dim) that ratio's correction, times {@code attnFactor}
     * ({@code rope.scaling.attn_factor}).
     */
    public static double magnitude(double factor, double logMultiplier, double attnFactor) {
        // llama.cpp divides its attention factor by 1 + 0.1 ln factor and multiplies the rotation by it again
        double base = mscale(factor, 1);
        return (logMultiplier != 0 ? base / mscale(factor, logMultiplier) : base) * attnFactor;
    }

    private static double mscale(double scale, double multiplier) {
        return scale <= 1 ? 1 : 0.1 * multiplier * Math.log(scale) + 1;
    }

    /**
     * The share of pair {@code pair}'s frequency kept as it was (1: extrapolated, 0: interpolated), for a rotation of
     * {@code dimensions} dimensions with base {@code theta}.
     */
    public double extrapolation(int pair, int dimensions, double theta) {
        double low = Math.max(0, Math.floor(correctionDimension(betaFast, dimensions, theta)));
        double high = Math.min(dimensions - 1, Math.ceil(correctionDimension(betaSlow, dimensions, theta)));
        double y = (pair - low) / Math.max(0.001, high - low);
        return 1 - Math.min(1, Math.max(0, y));
    }

    /** The dimension whose pair turns {@code turns} times over the original context. */
    private double correctionDimension(double turns, int dimensions, double theta) {
        return dimensions * Math.log(originalContext / (turns * 2 * Math.PI)) / (2 * Math.log(theta));
    }
}
