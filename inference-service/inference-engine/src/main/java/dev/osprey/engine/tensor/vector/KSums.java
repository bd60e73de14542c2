package dev.osprey.engine.tensor.vector;

import static dev.osprey.engine.tensor.vector.Lanes.F;
import static dev.osprey.engine.tensor.vector.Lanes.L;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/** Sums of activations per 32-element sub-block, for the min terms of Q4_K and Q5_K. */
final class KSums {
    private KSums() {
    }

    /** {@code [cols / 32]}: element {@code j} is {@code sum(x[xOffset + 32j .. + 32))}. */
    static float[] of32(float[] x, int xOffset, int cols) {
        float[] sums = new float[cols / 32];
        for (int j = 0; j < sums.length; j++) {
            FloatVector s = FloatVector.zero(F);
            for (int i = 0; i < 32; i += L) {
                s = s.add(FloatVector.fromArray(F, x, xOffset + 32 * j + i));
            }
            sums[j] = s.reduceLanes(VectorOperators.ADD);
        }
        return sums;
    }
}
