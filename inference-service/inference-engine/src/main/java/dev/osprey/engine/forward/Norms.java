package dev.osprey.engine.forward;

/** RMSNorm as llama.cpp computes it: squares summed in double, scale in float, then the gain. */
final class Norms {
    private Norms() {
    }

    /** out[o..o+n) = x[i..i+n) / sqrt(mean(x^2) + eps) * gain[0..n) */
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
}
