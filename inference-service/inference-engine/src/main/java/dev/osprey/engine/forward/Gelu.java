package dev.osprey.engine.forward;

/** GELU in its tanh form (GPT-2's, PyTorch's {@code gelu(approximate="tanh")}, ggml's {@code gelu}). */
final class Gelu {
    private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
    private static final double COEFFICIENT = 0.044715;

    private Gelu() {
    }

    /**
     * {@code v[from..to) = gelu(v[from..to))}, with {@code 1 + tanh(y) = 2 / (1 + e^-2y)} ({@link Math#exp} is an
     * intrinsic, {@link Math#tanh} is not); in double, so within an ulp of float of the tanh form.
     */
    static void apply(float[] v, int from, int to) {
        for (int i = from; i < to; i++) {
            double x = v[i];
            double y = SQRT_2_OVER_PI * x * (1 + COEFFICIENT * x * x);
            v[i] = (float) (x / (1 + Math.exp(-2 * y)));
        }
    }
}
