package dev.osprey.engine.forward;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The Vector API attention primitives against their scalar twins, at lengths with remainders. */
class DotParityTest {

    @Test
    void vectorDotAndAxpyMatchScalar() {
        assertThat(Dot.VECTOR).as("tests run with --add-modules jdk.incubator.vector").isTrue();
        SplittableRandom random = new SplittableRandom(3);
        for (int n : new int[] {1, 7, 16, 31, 64, 100, 128, 257}) {
            float[] a = new float[n + 5];
            float[] b = new float[n + 9];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) random.nextGaussian();
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = (float) random.nextGaussian();
            }
            float expected = Dot.scalarDot(a, 3, b, 7, n);
            assertThat(VectorDot.dot(a, 3, b, 7, n)).as("dot n=%d", n).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-4f * n));
            float[] y1 = b.clone();
            float[] y2 = b.clone();
            Dot.scalarAxpy(0.37f, a, 2, y1, 5, n);
            VectorDot.axpy(0.37f, a, 2, y2, 5, n);
            for (int i = 0; i < y1.length; i++) {
                assertThat(y2[i]).as("axpy n=%d i=%d", n, i).isCloseTo(y1[i], org.assertj.core.data.Offset.offset(1e-5f));
            }
        }
    }
}
