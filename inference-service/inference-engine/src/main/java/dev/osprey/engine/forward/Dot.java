package dev.osprey.engine.forward;

import dev.osprey.engine.tensor.KernelBackends;

/**
 * Float vector primitives of attention: {@code dot} and {@code axpy}, with the Vector API when the
 * JVM has it and plain loops otherwise (the scalar twin, also used by the parity test).
 */
final class Dot {
    static final boolean VECTOR = KernelBackends.vectorApiPresent();

    private Dot() {
    }

    /** sum over i < n of a[ao+i] * b[bo+i] */
    static float dot(float[] a, int ao, float[] b, int bo, int n) {
        return VECTOR ? VectorDot.dot(a, ao, b, bo, n) : scalarDot(a, ao, b, bo, n);
    }

    /** y[yo+i] += alpha * x[xo+i] for i < n */
    static void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
        if (VECTOR) {
            VectorDot.axpy(alpha, x, xo, y, yo, n);
        } else {
            scalarAxpy(alpha, x, xo, y, yo, n);
        }
    }

    static float scalarDot(float[] a, int ao, float[] b, int bo, int n) {
        float sum = 0;
        for (int i = 0; i < n; i++) {
            sum += a[ao + i] * b[bo + i];
        }
        return sum;
    }

    static void scalarAxpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] += alpha * x[xo + i];
        }
    }
}
