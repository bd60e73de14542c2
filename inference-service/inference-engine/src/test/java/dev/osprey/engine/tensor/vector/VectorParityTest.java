package dev.osprey.engine.tensor.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osprey.engine.tensor.QuantizedMatrix;
import dev.osprey.engine.tensor.RandomMatrices;
import dev.osprey.engine.tensor.Weights;
import dev.osprey.engine.tensor.scalar.ScalarBackend;
import dev.osprey.gguf.GgmlType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every vector kernel against the scalar reference on seeded random matrices, by normalised error
 * {@code NMSE = sum((a-b)^2) / sum(b^2)}: row counts that leave remainders of the 4-row and panel
 * tiles, one and several blocks per row, token counts on both sides of the panel threshold, and row
 * ranges that start inside the matrix.
 */
class VectorParityTest {
    /** Float accumulation vs the reference's double; K-quant min terms cancel, so they get more room. */
    private static final Map<GgmlType, Double> BOUND = new EnumMap<>(Map.of(
            GgmlType.F32, 1e-11, GgmlType.F16, 1e-11, GgmlType.BF16, 1e-11,
            GgmlType.Q8_0, 1e-11, GgmlType.Q4_0, 1e-11,
            GgmlType.Q4_K, 1e-9, GgmlType.Q5_K, 1e-9, GgmlType.Q6_K, 1e-11));
    /** Types without a fused kernel dequantize exactly as the reference and only sum in float. */
    private static final double DEQUANTIZING_BOUND = 1e-9;

    private static final int[] ROWS = {1, 3, 7, 64, 67};
    private static final int[] TOKENS = {1, 2, 5, 9, 33};

    private final VectorBackend vector = new VectorBackend();
    private final ScalarBackend scalar = new ScalarBackend();

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (GgmlType type : new VectorBackend().supportedTypes()) {
            int block = type.blockSize();
            int[] cols = block == 1 ? new int[] {1, 19, 200}
                    : block == 32 ? new int[] {block, 3 * block, 9 * block} : new int[] {block, 3 * block};
            for (int r : ROWS) {
                for (int c : cols) {
                    for (int t : TOKENS) {
                        cases.add(Arguments.of(type, r, c, t));
                    }
                }
            }
        }
        return cases.stream();
    }

    static Stream<GgmlType> types() {
        return new VectorBackend().supportedTypes().stream();
    }

    @ParameterizedTest(name = "{0} {1}x{2} tokens={3}")
    @MethodSource("cases")
    void matmulMatchesTheScalarReference(GgmlType type, int rows, int cols, int nTokens) {
        QuantizedMatrix m = RandomMatrices.of(type, rows, cols, 31L * rows + cols + type.ordinal());
        Weights fast = vector.bind(m);
        Weights ref = scalar.bind(m);
        int xOffset = 3;
        int outOffset = 5;
        float[] x = RandomMatrices.activations(xOffset + nTokens * cols, 7L * nTokens + cols);
        float[] expected = new float[outOffset + nTokens * rows];
        ref.matmul(x, xOffset, nTokens, expected, outOffset, 0, rows);

        float[] whole = new float[expected.length];
        fast.matmul(x, xOffset, nTokens, whole, outOffset, 0, rows);
        assertClose(type, expected, whole, "rows [0, " + rows + ")");

        int start = rows / 3;
        int end = rows - rows / 4;
        float[] part = new float[expected.length];
        Arrays.fill(part, Float.NaN);
        fast.matmul(x, xOffset, nTokens, part, outOffset, start, end);
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
        for (int i = 0; i < outOffset; i++) {
            part[i] = 0;
        }
        assertClose(type, expected, part, "rows [" + start + ", " + end + ")");
    }

    @ParameterizedTest
    @MethodSource("types")
    void dequantizeRowIsExact(GgmlType type) {
        int cols = type.blockSize() == 1 ? 37 : type.blockSize() == 32 ? 9 * 32 : 2 * type.blockSize();
        QuantizedMatrix m = RandomMatrices.of(type, 5, cols, 99 + type.ordinal());
        Weights fast = vector.bind(m);
        Weights ref = scalar.bind(m);
        for (int r = 0; r < m.rows(); r++) {
            float[] a = new float[cols + 2];
            float[] b = new float[cols + 2];
            ref.dequantizeRow(r, a, 1);
            fast.dequantizeRow(r, b, 1);
            assertArrayEquals(a, b, type + " row " + r);
        }
    }

    private static void assertClose(GgmlType type, float[] expected, float[] actual, String what) {
        double err = 0;
        double ref = 0;
        for (int i = 0; i < expected.length; i++) {
            double d = (double) actual[i] - expected[i];
            err += d * d;
            ref += (double) expected[i] * expected[i];
        }
        double nmse = ref == 0 ? err : err / ref;
        double bound = BOUND.getOrDefault(type, DEQUANTIZING_BOUND);
        assertTrue(nmse <= bound, type + " " + what + ": NMSE " + nmse + " > " + bound);
    }
}
