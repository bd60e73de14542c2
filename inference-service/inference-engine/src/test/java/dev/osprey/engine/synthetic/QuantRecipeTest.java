package dev.osprey.engine.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.engine.tensor.quant.Quantizers;
import dev.osprey.gguf.GgmlType;
import dev.osprey.gguf.GgufFile;
import dev.osprey.gguf.GgufTensorInfo;
import dev.osprey.testkit.ReferenceFiles;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The K-quant mix rules against a file llama-quantize's rules produced (the testkit's
 * {@code llama-s-q4_k_m320.gguf}, a 320-wide model whose rows force the fallbacks), tensor by tensor.
 */
class QuantRecipeTest {
    private static final ValueLayout.OfFloat LE_FLOAT =
            ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    @Test
    void q4KMReproducesLlamaQuantizesTypesForEveryTensorOfThe320WideGolden() throws IOException {
        Map<String, GgmlType> expected = new LinkedHashMap<>();
        Map<String, GgmlType> chosen = new LinkedHashMap<>();
        try (GgufFile file = GgufFile.open(ReferenceFiles.path("goldens/models/llama-s-q4_k_m320.gguf"))) {
            int layers = (int) file.metadata().getLong("llama.block_count");
            boolean tied = file.tensor("output.weight").isEmpty();
            for (GgufTensorInfo t : file.tensors()) {
                if (t.nDims() < 2) {
                    continue;
                }
                expected.put(t.name(), t.type());
                chosen.put(t.name(), QuantRecipe.Q4_K_M.typeOf(role(t.name()), layer(t.name()), layers,
                        t.dims()[0], tied));
            }
        }
        assertThat(expected).hasSize(23);
        assertThat(chosen).isEqualTo(expected);
    }

    /** The recipe's types and the reference quantizers together are llama-quantize: the same bytes. */
    @Test
    void quantizingTheF32ModelWithTheRecipeReproducesLlamaQuantizesFile() throws IOException {
        int tensors = 0;
        try (GgufFile f32 = GgufFile.open(ReferenceFiles.path("goldens/models/llama-s-f32-320.gguf"));
             GgufFile golden = GgufFile.open(ReferenceFiles.path("goldens/models/llama-s-q4_k_m320.gguf"));
             Arena arena = Arena.ofConfined()) {
            int layers = (int) golden.metadata().getLong("llama.block_count");
            for (GgufTensorInfo source : f32.tensors()) {
                if (source.nDims() < 2) {
                    continue;
                }
                GgufTensorInfo expected = golden.tensor(source.name()).orElseThrow();
                GgmlType type = QuantRecipe.Q4_K_M.typeOf(role(source.name()), layer(source.name()), layers,
                        source.dims()[0], false);
                float[] values = f32.tensorData(source).toArray(LE_FLOAT);
                MemorySegment got = arena.allocate(expected.byteSize());
                Quantizers.of(type).quantize(values, 0, values.length, got, 0);
                assertThat(got.mismatch(golden.tensorData(expected))).as(source.name() + " as " + type).isEqualTo(-1);
                tensors++;
            }
        }
        assertThat(tensors).isEqualTo(23);
    }

    @Test
    void tiedEmbeddingsFollowTheOutputRuleAndLayersGetMoreBitsAsLlamaQuantizeGivesThem() {
        // Qwen2.5-0.5B: 24 layers, 896-wide rows (not a multiple of 256), tied output, 4864-wide ffn_down rows
        QuantRecipe r = QuantRecipe.Q4_K_M;
        assertThat(r.typeOf(WeightRole.TOKEN_EMBD, 0, 24, 896, true)).isEqualTo(GgmlType.Q8_0);
        assertThat(r.typeOf(WeightRole.TOKEN_EMBD, 0, 24, 2048, false)).isEqualTo(GgmlType.Q4_K);
        assertThat(r.typeOf(WeightRole.OUTPUT, 0, 24, 2048, false)).isEqualTo(GgmlType.Q6_K);
        assertThat(r.typeOf(WeightRole.ATTN_Q, 5, 24, 896, true)).isEqualTo(GgmlType.Q5_0);
        assertThat(r.typeOf(WeightRole.FFN_DOWN, 0, 24, 4864, true)).isEqualTo(GgmlType.Q6_K);
        assertThat(r.typeOf(WeightRole.FFN_DOWN, 3, 24, 4864, true)).isEqualTo(GgmlType.Q4_K);
        assertThat(r.typeOf(WeightRole.FFN_DOWN, 5, 24, 4864, true)).isEqualTo(GgmlType.Q6_K); // (5 - 3) % 3 == 2
        assertThat(r.typeOf(WeightRole.ATTN_V, 23, 24, 896, true)).isEqualTo(GgmlType.Q8_0); // Q6_K's fallback
        assertThat(QuantRecipe.Q5_K_M.typeOf(WeightRole.ATTN_K, 4, 24, 896, true)).isEqualTo(GgmlType.Q5_1);
        assertThat(QuantRecipe.fallback(GgmlType.Q3_K, 96)).isEqualTo(GgmlType.Q4_0);
        assertThat(QuantRecipe.fallback(GgmlType.IQ4_XS, 96)).isEqualTo(GgmlType.IQ4_NL);
        assertThat(QuantRecipe.fallback(GgmlType.Q4_K, 172)).isEqualTo(GgmlType.F16);
    }

    private static WeightRole role(String name) {
        return switch (name.replaceFirst("^blk\\.\\d+\\.", "")) {
            case "token_embd.weight" -> WeightRole.TOKEN_EMBD;
            case "output.weight" -> WeightRole.OUTPUT;
            case "attn_q.weight" -> WeightRole.ATTN_Q;
            case "attn_k.weight" -> WeightRole.ATTN_K;
            case "attn_v.weight" -> WeightRole.ATTN_V;
            case "attn_output.weight" -> WeightRole.ATTN_OUTPUT;
            case "ffn_gate.weight" -> WeightRole.FFN_GATE;
            case "ffn_up.weight" -> WeightRole.FFN_UP;
            case "ffn_down.weight" -> WeightRole.FFN_DOWN;
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static int layer(String name) {
        return name.startsWith("blk.") ? Integer.parseInt(name.split("\\.")[1]) : 0;
    }
}
