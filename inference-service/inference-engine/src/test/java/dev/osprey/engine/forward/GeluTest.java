package dev.osprey.engine.forward;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class GeluTest {
    /**
     * The exp form against the tanh form written out, over the range where activations live and far past it (where
     * 1 + tanh cancels to zero in double, the exp form keeps the tiny true value: within 1e-12 there).
     */
    @Test
    void matchesTheTanhFormWithinAnUlp() {
        float[] v = new float[20_001];
        for (int i = 0; i < v.length; i++) {
            v[i] = (i - 10_000) / 500f; // -20 .. 20
        }
        float[] out = v.clone();
        Gelu.apply(out, 0, out.length);
        for (int i = 0; i < v.length; i++) {
            double x = v[i];
            float expected = (float) (0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x))));
            assertThat(out[i]).as("gelu(%s)", v[i]).isCloseTo(expected, Offset.offset(Math.max(Math.ulp(expected), 1e-12f)));
        }
        assertThat(out[10_000]).isZero();
    }
}
