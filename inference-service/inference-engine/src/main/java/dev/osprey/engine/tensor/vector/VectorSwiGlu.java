package dev.osprey.engine.tensor.vector;

import dev.osprey.engine.tensor.SwiGluKernel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/** {@link SwiGluKernel} a float vector at a time, the exponential as one lanewise operation. */
final class VectorSwiGlu implements SwiGluKernel {
    static final VectorSwiGlu INSTANCE = new VectorSwiGlu();

    private VectorSwiGlu() {
    }

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public void apply(float[] gate, float[] up, int from, int to) {
        SwiGluKernel.check(gate, up, from, to);
        int lanes = Lanes.F.length();
        int i = from;
        for (; i + lanes <= to; i += lanes) {
            FloatVector g = FloatVector.fromArray(Lanes.F, gate, i);
            silu(g).mul(FloatVector.fromArray(Lanes.F, up, i)).intoArray(gate, i);
        }
        if (i < to) {
            VectorMask<Float> m = Lanes.F.indexInRange(i, to);
            FloatVector g = FloatVector.fromArray(Lanes.F, gate, i, m);
            silu(g).mul(FloatVector.fromArray(Lanes.F, up, i, m)).intoArray(gate, i, m);
        }
    }

    private static FloatVector silu(FloatVector g) {
        return g.div(g.neg().lanewise(VectorOperators.EXP).add(1.0f));
    }
}
