package dev.osprey.engine.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.osprey.engine.tensor.scalar.ScalarBackend;
import dev.osprey.engine.tensor.vector.VectorBackend;
import dev.osprey.gguf.GgmlType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Products of at most two tokens go to the decode backend, longer ones to the prefill backend, prepare alike. */
class DecodePrefillBackendTest {

    /** A backend whose matrices record "name:tokens" for every product and preparation. */
    private record Recording(String name, List<String> calls) implements KernelBackend {
        @Override
        public Set<GgmlType> supportedTypes() {
            return EnumSet.of(GgmlType.F16, GgmlType.F32);
        }

        @Override
        public Weights bind(QuantizedMatrix matrix) {
            Weights real = new ScalarBackend().bind(matrix);
            return new Weights() {
                @Override
                public QuantizedMatrix source() {
                    return matrix;
                }

                @Override
                public void matmul(float[] x, int xOffset, int nTokens, float[] out, int outOffset, int rowStart,
                                   int rowEnd) {
                    calls.add(name + ":" + nTokens);
                    real.matmul(x, xOffset, nTokens, out, outOffset, rowStart, rowEnd);
                }

                @Override
                public PreparedActivations prepare(float[] x, int xOffset, int nTokens, PreparedActivations reusable) {
                    calls.add(name + ":prepare " + nTokens);
                    return reusable;
                }

                @Override
                public void dequantizeRow(int row, float[] out, int outOffset) {
                    real.dequantizeRow(row, out, outOffset);
                }
            };
        }

        @Override
        public AttentionKernel attention() {
            return new ScalarBackend().attention();
        }

        @Override
        public SwiGluKernel swiGlu() {
            return new ScalarBackend().swiGlu();
        }
    }

    @Test
    void eachProductGoesToTheBackendForItsTokenCount() {
        List<String> calls = new ArrayList<>();
        KernelBackend split = new DecodePrefillBackend(new Recording("decode", calls), new Recording("prefill", calls),
                EnumSet.of(GgmlType.F16));
        Weights w = split.bind(RandomMatrices.of(GgmlType.F16, 5, 64, 3));
        for (int n : new int[] {1, 2, 3, 8}) {
            float[] x = RandomMatrices.activations(n * 64, n);
            float[] out = new float[n * 5];
            w.matmul(w.prepare(x, 0, n, null), x, 0, n, out, 0, 0, 5);
        }
        assertThat(calls).containsExactly("decode:prepare 1", "decode:1", "decode:prepare 2", "decode:2",
                "prefill:prepare 3", "prefill:3", "prefill:prepare 8", "prefill:8");
        assertThat(split.name()).isEqualTo("decode/prefill");
    }

    @Test
    void realBackendsAgreeWithTheReferenceEitherWay() {
        KernelBackend split = new DecodePrefillBackend(new ScalarBackend(), new VectorBackend(), EnumSet.of(GgmlType.F16));
        QuantizedMatrix m = RandomMatrices.of(GgmlType.F16, 37, 96, 11);
        Weights w = split.bind(m);
        Weights reference = new ScalarBackend().bind(m);
        for (int n : new int[] {1, 6}) {
            float[] x = RandomMatrices.activations(n * 96, 20 + n);
            float[] got = new float[n * 37];
            float[] want = new float[n * 37];
            w.matmul(x, 0, n, got, 0, 0, 37);
            reference.matmul(x, 0, n, want, 0, 0, 37);
            for (int i = 0; i < want.length; i++) {
                assertThat((double) got[i]).as("tokens " + n + " element " + i)
                        .isCloseTo(want[i], org.assertj.core.data.Offset.offset(1e-4 * (1 + Math.abs(want[i]))));
            }
        }
    }

    @Test
    void typesEitherBackendLacksAreRefused() {
        assertThatThrownBy(() -> new DecodePrefillBackend(new Recording("a", new ArrayList<>()), new ScalarBackend(),
                EnumSet.of(GgmlType.Q8_1))).isInstanceOf(IllegalArgumentException.class);
        KernelBackend split = new DecodePrefillBackend(new Recording("a", new ArrayList<>()), new ScalarBackend(),
                EnumSet.of(GgmlType.F16));
        assertThatThrownBy(() -> split.bind(RandomMatrices.of(GgmlType.F32, 2, 32, 1)))
                .isInstanceOf(UnsupportedTensorTypeException.class);
    }
}
