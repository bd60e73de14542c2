package dev.osprey.engine.forward;

import dev.osprey.engine.model.NormKind;

/** The blocks' norms as llama.cpp computes them: sums in double, the scale in float, then the gain (and bias). */
final class Norms {
    private Norms() {
    }

    /** A norm over {@code n} values: {@code out[o..o+n) = norm(x[i..i+n)) * gain (+ bias)}. */
    @FunctionalInterface
    interface Norm {
        void apply(float[] x, int xOffset, float[] gain, float[] bias, float eps, float[] out, int outOffset, int n);
    }

    /** The norm of {@code kind}; RMSNorm ignores the bias (its blocks have none). */
    static Norm of(NormKind kind) {
        return switch (kind) {
            case RMS -> (x, xo, gain, bias, eps, out, oo, n) -> rmsNorm(x, xo, gain, eps, out, oo, n);
            case LAYER -> Norms::layerNorm;
        };
    }

    /** out[o..o+n) = x[i..i+n) / sqrt(mean(x^2) + eps) * gain[0..n); {@code out} may be {@code x} at the same offset. */
    static void rmsNorm(float[] x, int xOffset, float[] gain, float eps, float[] out, int outOffset, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float v = x[xOffset + i];
            sum += v * v;
        }
        float mean = (float) (sum / n);
        float scale = (float) (1.0 / Math.sqrt(mean + eps));
        for (int i = 0; i < n; i++) {
            out[outOffset + i] = (x[xOffset + i] * scale) * gain[i];
        }
    }

    /** out[o..o+n) = (x - mean(x)) / sqrt(var(x) + eps) * gain[0..n) + bias[0..n). */
    static void layerNorm(float[] x, int xOffset, float[] gain, float[] bias, float eps, float[] out, int outOffset,
                          int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += x[xOffset + i];
        }
        float mean = (float) (sum / n);
        double squares = 0;
        for (int i = 0; i < n; i++) {
            float centred = x[xOffset + i] - mean;
            squares += centred * centred;
        }
        float variance = (float) (squares / n);
        float scale = (float) (1.0 / Math.sqrt(variance + eps));
        for (int i = 0; i < n; i++) {
            out[outOffset + i] = ((x[xOffset + i] - mean) * scale) * gain[i] + bias[i];
        }
    }
}
