package dev.osprey.engine.tensor;

import java.util.Objects;

/**
 * SwiGLU's gating, in place: {@code gate[i] = silu(gate[i]) * up[i]} for {@code i} in {@code [from, to)},
 * {@code silu(g) = g / (1 + exp(-g))}. Every backend has one (scalar reference, Vector API, native); they
 * differ only in the rounding of the exponential.
 */
public interface SwiGluKernel {

    /** Short name for logs. */
    String name();

    void apply(float[] gate, float[] up, int from, int to);

    /** Checks {@link #apply}'s range against both arrays. */
    static void check(float[] gate, float[] up, int from, int to) {
        Objects.checkFromToIndex(from, to, gate.length);
        Objects.checkFromToIndex(from, to, up.length);
    }
}
