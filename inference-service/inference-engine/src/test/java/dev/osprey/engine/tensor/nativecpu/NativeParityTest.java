package dev.osprey.engine.tensor.nativecpu;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osprey.engine.tensor.QuantizedMatrix;
import dev.osprey.engine.tensor.RandomMatrices;
import dev.osprey.engine.tensor.Weights;
import dev.osprey.engine.tensor.scalar.ScalarBackend;
import dev.osprey.gguf.GgmlType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every native variant × type against the scalar reference on seeded random matrices, by normalised
 * error {@code NMSE = sum((a-b)^2) / sum(b^2)}: row counts around the 4-row pass (remainder rows),
 * odd and even block counts (the AVX-512 kernels take blocks in pairs), several tokens, row ranges
 * that start inside the matrix, and a matrix big enough to be split into several downcalls.
 *
 * <p>The kernels round activations to int8 per 32-block, as llama.cpp does. The tight check feeds the
 * scalar reference the same rounded activations ({@link #roundedToQ8}), so only float summation order
 * may differ; a loose check against the unrounded activations bounds the rounding itself. The SIMD
 * variants must also agree with the C reference variant.
 */
class NativeParityTest {
    /** Same rounded activations as the reference, float block sums against its double ones. */
    private static final double BOUND_ROUNDED = 1e-10;
    /** Rounding N(0,1) activations to int8 costs about 3e-5 on average, a few times that on a handful of outputs. */
    private static final double BOUND_UNROUNDED = 5e-3;
    /** Same integer products, another float summation order. */
    private static final double BOUND_VS_C_REFERENCE = 1e-10;

    private static final int[] ROWS = {1, 3, 4, 5, 7, 64, 67};
    private static final int[] COLS = {32, 64, 96, 288};
    private static final int[] TOKENS = {1, 2, 5, 9, 33};

    private final ScalarBackend scalar = new ScalarBackend();

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (InstructionSet isa : InstructionSet.values()) {
            for (GgmlType type : List.of(GgmlType.Q8_0, GgmlType.Q4_0)) {
                for (int r : ROWS) {
                    for (int c : COLS) {
                        for (int t : TOKENS) {
                            cases.add(Arguments.of(isa, type, r, c, t));
                        }
                    }
                }
                cases.add(Arguments.of(isa, type, 600, 4096, 64));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}x{3} tokens={4}")
    @MethodSource("cases")
    void matmulMatchesTheScalarReference(InstructionSet isa, GgmlType type, int rows, int cols, int nTokens) {
        NativeBackend backend = NativeBackends.require(isa);
        QuantizedMatrix m = RandomMatrices.of(type, rows, cols, 31L * rows + cols + type.ordinal());
        Weights fast = backend.bind(m);
        int xOffset = 3;
        int outOffset = 5;
        float[] x = RandomMatrices.activations(xOffset + nTokens * cols, 7L * nTokens + cols);
        float[] expected = new float[outOffset + nTokens * rows];
        scalar.bind(m).matmul(roundedToQ8(x, xOffset), xOffset, nTokens, expected, outOffset, 0, rows);
        float[] unrounded = new float[expected.length];
        scalar.bind(m).matmul(x, xOffset, nTokens, unrounded, outOffset, 0, rows);

        float[] whole = new float[expected.length];
        fast.matmul(x, xOffset, nTokens, whole, outOffset, 0, rows);
        assertClose(expected, whole, BOUND_ROUNDED, isa + " " + type + " rows [0, " + rows + ")");
        assertClose(unrounded, whole, BOUND_UNROUNDED, isa + " " + type + " unrounded activations");

        if (isa != InstructionSet.REFERENCE && NativeBackends.runnable().contains(InstructionSet.REFERENCE)) {
            float[] reference = new float[expected.length];
            NativeBackends.require(InstructionSet.REFERENCE).bind(m).matmul(x, xOffset, nTokens, reference, outOffset, 0, rows);
            assertClose(reference, whole, BOUND_VS_C_REFERENCE, isa + " " + type + " vs the C reference");
        }

        int start = rows / 3;
        int end = rows - rows / 4;
        float[] part = new float[expected.length];
        Arrays.fill(part, Float.NaN);
        fast.matmul(x, xOffset, nTokens, part, outOffset, start, end);
        for (int i = 0; i < outOffset; i++) {
            assertTrue(Float.isNaN(part[i]), "out[" + i + "] before outOffset written");
            part[i] = 0;
        }
        for (int t = 0; t < nTokens; t++) {
            for (int r = 0; r < rows; r++) {
                int i = outOffset + t * rows + r;
                boolean inside = r >= start && r < end;
                assertTrue(inside != Float.isNaN(part[i]),
                        "rows [" + start + ", " + end + "): out[t=" + t + "][r=" + r + "] " + (inside ? "unwritten" : "written"));
                if (!inside) {
                    part[i] = expected[i];
                }
            }
        }
        assertClose(expected, part, BOUND_ROUNDED, isa + " " + type + " rows [" + start + ", " + end + ")");
    }

    /**
     * {@code x} from {@code offset} on as the kernels see it: per 32-block, {@code d = max|x| / 127},
     * {@code q = round-half-even(x * (1 / d))}, value {@code q * d}.
     */
    static float[] roundedToQ8(float[] x, int offset) {
        float[] r = x.clone();
        for (int b = offset; b + 32 <= x.length; b += 32) {
            float amax = 0;
            for (int i = b; i < b + 32; i++) {
                amax = Math.max(amax, Math.abs(x[i]));
            }
            float d = amax / 127.0f;
            float inv = d != 0 ? 1.0f / d : 0;
            for (int i = b; i < b + 32; i++) {
                r[i] = (float) Math.rint(x[i] * inv) * d;
            }
        }
        return r;
    }

    private static void assertClose(float[] expected, float[] actual, double bound, String what) {
        double err = 0;
        double ref = 0;
        for (int i = 0; i < expected.length; i++) {
            double d = (double) actual[i] - expected[i];
            err += d * d;
            ref += (double) expected[i] * expected[i];
        }
        double nmse = ref == 0 ? err : err / ref;
        assertTrue(nmse <= bound, what + ": NMSE " + nmse + " > " + bound);
    }
}
