package dev.osprey.engine.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.osprey.engine.tensor.nativecpu.InstructionSet;
import dev.osprey.engine.tensor.nativecpu.NativeSwiGlu;
import dev.osprey.engine.tensor.nativecpu.NativeUnavailableException;
import dev.osprey.engine.tensor.scalar.ScalarSwiGlu;
import dev.osprey.engine.tensor.vector.VectorBackend;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Every {@link SwiGluKernel} against the scalar reference: typical gate values, the tails where the
 * exponential under- or overflows (|g| up to 200), zeros of both signs, and ranges that start and end
 * inside a vector (elements outside the range stay as they were).
 */
class SwiGluParityTest {

    /** The Vector API kernel and every native variant this CPU runs. */
    private static List<SwiGluKernel> kernels() {
        List<SwiGluKernel> ks = new ArrayList<>();
        ks.add(new VectorBackend().swiGlu());
        for (InstructionSet isa : InstructionSet.values()) {
            try {
                ks.add(NativeSwiGlu.load(isa));
            } catch (NativeUnavailableException e) {
                System.out.println("swiglu parity: skipping native " + isa + ": " + e.getMessage());
            }
        }
        return ks;
    }

    private static float[] gates(SplittableRandom random, int n) {
        float[] g = new float[n];
        for (int i = 0; i < n; i++) {
            g[i] = switch (i % 5) {
                case 0 -> (float) random.nextGaussian() * 3;
                case 1 -> (float) (random.nextDouble(-200, 200));
                case 2 -> (float) random.nextGaussian() * 0.01f;
                case 3 -> (float) random.nextDouble(-95, -80);
                default -> (float) random.nextGaussian() * 12;
            };
        }
        g[3] = 0.0f;
        g[4] = -0.0f;
        return g;
    }

    @Test
    void everyKernelMatchesTheReferenceOnEveryRange() {
        SplittableRandom random = new SplittableRandom(42);
        int n = 1000;
        float[] gate = gates(random, n);
        float[] up = new float[n];
        for (int i = 0; i < n; i++) {
            up[i] = (float) random.nextGaussian() * 2;
        }
        int[][] ranges = {{0, n}, {0, 1}, {5, 21}, {17, 17}, {3, 998}, {31, 64}, {0, 15}};
        for (int[] r : ranges) {
            float[] want = gate.clone();
            ScalarSwiGlu.INSTANCE.apply(want, up, r[0], r[1]);
            for (SwiGluKernel k : kernels()) {
                float[] got = gate.clone();
                k.apply(got, up, r[0], r[1]);
                for (int i = 0; i < n; i++) {
                    String where = k.name() + " range " + Arrays.toString(r) + " element " + i + " gate " + gate[i];
                    if (i < r[0] || i >= r[1]) {
                        assertThat(got[i]).as(where + " (outside the range)").isEqualTo(gate[i]);
                    } else {
                        double tolerance = 2e-6 * Math.abs(want[i]) + 1e-30;
                        assertThat((double) got[i]).as(where).isCloseTo(want[i], org.assertj.core.data.Offset.offset(tolerance));
                    }
                }
            }
        }
    }

    @Test
    void theReferenceIsSiluTimesUp() {
        float[] gate = {0f, 1f, -1f, 20f, -20f};
        float[] up = {3f, 2f, 2f, 0.5f, 1f};
        ScalarSwiGlu.INSTANCE.apply(gate, up, 0, gate.length);
        assertThat(gate[0]).isEqualTo(0f);
        assertThat((double) gate[1]).isCloseTo(2 * 0.7310585786, org.assertj.core.data.Offset.offset(1e-6));
        assertThat((double) gate[2]).isCloseTo(-2 * 0.2689414214, org.assertj.core.data.Offset.offset(1e-6));
        assertThat((double) gate[3]).isCloseTo(10 * (1 - 2.061e-9), org.assertj.core.data.Offset.offset(1e-5));
        assertThat((double) gate[4]).isCloseTo(-20 * 2.0611536e-9, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void aRangeOutsideEitherArrayIsRefusedBeforeAnyKernelRuns() {
        for (SwiGluKernel k : kernels()) {
            assertThatThrownBy(() -> k.apply(new float[8], new float[4], 0, 8)).as(k.name())
                    .isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> k.apply(new float[8], new float[8], 4, 9)).as(k.name())
                    .isInstanceOf(IndexOutOfBoundsException.class);
        }
    }
}
