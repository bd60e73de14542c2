package dev.osprey.engine.bench;

import java.util.Arrays;

/**
 * Tokens per second over repetitions: median, min and max.
 *
 * @param tokensPerSecond one figure per repetition, in run order
 */
public record Throughput(String label, double[] tokensPerSecond) {

    public double median() {
        double[] s = tokensPerSecond.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    public double min() {
        return Arrays.stream(tokensPerSecond).min().orElse(0);
    }

    public double max() {
        return Arrays.stream(tokensPerSecond).max().orElse(0);
    }

    /** llama-bench style: {@code pp512 median=… min=… max=… t/s}. */
    public String line() {
        return String.format("%s median=%.2f min=%.2f max=%.2f t/s", label, median(), min(), max());
    }
}
