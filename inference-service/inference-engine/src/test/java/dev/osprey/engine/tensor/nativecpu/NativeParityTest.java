package dev.osprey.engine.tensor.nativecpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osprey.engine.tensor.PreparedActivations;
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
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every native variant × type against the scalar reference on seeded random matrices, by normalised
 * error {@code NMSE = sum((a-b)^2) / sum(b^2)}: row counts around the 4-row and 16-row passes
 * (remainder rows), odd and even block counts (the AVX-512 kernels take blocks in pairs), several tokens, row ranges
 * that start inside the matrix, and a matrix big enough to be split into several downcalls.
 *
 * <p>The quantized types' kernels round activations to int8 per 32-block, as llama.cpp does. The
 * tight check feeds the scalar reference the same rounded activations ({@link #roundedToQ8}), so only
 * float summation order may differ; a loose check against the unrounded activations bounds the
 * rounding itself. F32/F16/BF16 take the activations as they are. The SIMD variants must also agree
 * with the C reference variant.
 */
class NativeParityTest {
    /** Same rounded activations as the reference, float block sums against its double ones. */
    private static final double BOUND_ROUNDED = 1e-10;
    /**
     * Rounding N(0,1) activations to int8 costs about 3e-5 of the products' energy
     * ({@link #productEnergy}: a dot that cancels to near zero must not count as a large relative error).
     */
    private static final double BOUND_UNROUNDED = 5e-3;
    /** Same integer products, another float summation order. */
    private static final double BOUND_VS_C_REFERENCE = 1e-10;

    /** One row (a lone tail row), a 4-row panel plus one, many panels (4- or 16-row) plus a 3-row tail. */
    private static final int[] ROWS = {1, 5, 67};
    /**
     * The in-place kernels (1, 2 tokens); the 4 x 4 tiles (3 tokens); AVX-512 VNNI's lane panel (from 3
     * tokens for Q4_0/Q8_0, 5 for the rest), its 8-token tile and its tails.
     */
    private static final int[] TOKENS = {1, 2, 3, 6, 9};
    /** Odd and even block counts (the AVX-512 kernels take 32-blocks in pairs). */
    private static final int[] COLS_32 = {32, 64, 96, 288};
    private static final int[] COLS_256 = {256, 768};
    /** Float rows need not fill a vector. */
    private static final int[] COLS_FLOAT = {7, 16, 33, 288};

    private final ScalarBackend scalar = new ScalarBackend();

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (InstructionSet isa : InstructionSet.values()) {
            for (GgmlType type : NativeKernels.TYPES) {
                for (int r : ROWS) {
                    for (int c : columns(type)) {
                        for (int t : TOKENS) {
                            cases.add(Arguments.of(isa, type, r, c, t));
                        }
                    }
                }
                cases.add(Arguments.of(isa, type, 300, 2048, 40));
            }
        }
        return cases.stream();
    }

    private static int[] columns(GgmlType type) {
        if (NativeKernels.FLOAT.contains(type)) {
            return COLS_FLOAT;
        }
        return type.blockSize() == 256 ? COLS_256 : COLS_32;
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
        boolean quantized = NativeKernels.QUANTIZED.contains(type);
        float[] expected = new float[outOffset + nTokens * rows];
        scalar.bind(m).matmul(quantized ? roundedToQ8(x, xOffset) : x, xOffset, nTokens, expected, outOffset, 0, rows);
        float[] unrounded = new float[expected.length];
        scalar.bind(m).matmul(x, xOffset, nTokens, unrounded, outOffset, 0, rows);

        float[] whole = new float[expected.length];
        fast.matmul(x, xOffset, nTokens, whole, outOffset, 0, rows);
        assertClose(expected, whole, BOUND_ROUNDED, isa + " " + type + " rows [0, " + rows + ")");
        assertClose(unrounded, whole, productEnergy(m, x, xOffset, nTokens), BOUND_UNROUNDED,
                isa + " " + type + " unrounded activations");

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

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = GgmlType.class, names = {"Q4_K", "Q8_0", "F16"})
    void preparedActivationsGiveTheSameProductsAndAreIgnoredForOtherInputs(GgmlType type) {
        NativeBackend backend = NativeBackends.require(InstructionSet.REFERENCE);
        int rows = 9;
        int cols = 256;
        int nTokens = 3;
        Weights w = backend.bind(RandomMatrices.of(type, rows, cols, 77));
        Weights other = backend.bind(RandomMatrices.of(GgmlType.Q6_K, rows, cols, 78));
        float[] x = RandomMatrices.activations(nTokens * cols, 79);
        float[] y = RandomMatrices.activations(nTokens * cols, 80);
        float[] plain = new float[nTokens * rows];
        w.matmul(x, 0, nTokens, plain, 0, 0, rows);
        PreparedActivations prepared = other.prepare(x, 0, nTokens, w.prepare(x, 0, nTokens, null));
        float[] viaPrepared = new float[nTokens * rows];
        w.matmul(prepared, x, 0, nTokens, viaPrepared, 0, 0, 4);
        w.matmul(prepared, x, 0, nTokens, viaPrepared, 0, 4, rows);
        assertArrayEquals(plain, viaPrepared);

        float[] forY = new float[nTokens * rows];
        w.matmul(y, 0, nTokens, forY, 0, 0, rows);
        float[] mismatched = new float[nTokens * rows];
        w.matmul(prepared, y, 0, nTokens, mismatched, 0, 0, rows);
        assertArrayEquals(forY, mismatched, "activations prepared from x must not be used for y");
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

    /** {@code sum over t, r, i of (W[r][i] * x[t][i])^2}: the scale of the products behind every output. */
    private double productEnergy(QuantizedMatrix m, float[] x, int xOffset, int nTokens) {
        float[] row = new float[m.cols()];
        double energy = 0;
        for (int r = 0; r < m.rows(); r++) {
            scalar.bind(m).dequantizeRow(r, row, 0);
            for (int t = 0; t < nTokens; t++) {
                for (int i = 0; i < m.cols(); i++) {
                    double p = (double) row[i] * x[xOffset + t * m.cols() + i];
                    energy += p * p;
                }
            }
        }
        return energy;
    }

    private static void assertClose(float[] expected, float[] actual, double bound, String what) {
        double ref = 0;
        for (float e : expected) {
            ref += (double) e * e;
        }
        assertClose(expected, actual, ref, bound, what);
    }

    private static void assertClose(float[] expected, float[] actual, double scale, double bound, String what) {
        double err = 0;
        for (int i = 0; i < expected.length; i++) {
            double d = (double) actual[i] - expected[i];
            err += d * d;
        }
        double nmse = scale == 0 ? err : err / scale;
        assertTrue(nmse <= bound, what + ": NMSE " + nmse + " > " + bound);
    }
}
