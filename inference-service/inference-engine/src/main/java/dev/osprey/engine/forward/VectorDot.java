package dev.osprey.engine.forward;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Vector API bodies of {@link Dot}; loaded only when the incubator module is present. */
final class VectorDot {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private VectorDot() {
    }

    static float dot(float[] a, int ao, float[] b, int bo, int n) {
        int bound = S.loopBound(n);
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        for (; i < bound; i += S.length()) {
            acc = FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), acc);
        }
        float sum = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            sum += a[ao + i] * b[bo + i];
        }
        return sum;
    }

    static void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
        int bound = S.loopBound(n);
        FloatVector va = FloatVector.broadcast(S, alpha);
        int i = 0;
        for (; i < bound; i += S.length()) {
            FloatVector.fromArray(S, x, xo + i).fma(va, FloatVector.fromArray(S, y, yo + i)).intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            y[yo + i] += alpha * x[xo + i];
        }
    }
}
