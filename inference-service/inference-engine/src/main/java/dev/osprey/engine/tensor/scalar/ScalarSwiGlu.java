package dev.osprey.engine.tensor.scalar;

import dev.osprey.engine.tensor.SwiGluKernel;

/** The reference {@link SwiGluKernel}: one element at a time, the exponential in double. */
public final class ScalarSwiGlu implements SwiGluKernel {
    public static final ScalarSwiGlu INSTANCE = new ScalarSwiGlu();

    private ScalarSwiGlu() {
    }

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void apply(float[] gate, float[] up, int from, int to) {
        SwiGluKernel.check(gate, up, from, to);
        for (int i = from; i < to; i++) {
            float g = gate[i];
            gate[i] = g / (1.0f + (float) Math.exp(-g)) * up[i];
        }
    }
}
