package dev.osprey.engine.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.engine.tensor.quant.TestDecoder;
import dev.osprey.gguf.GgmlType;
import dev.osprey.gguf.GgufFile;
import dev.osprey.gguf.GgufMetadata;
import dev.osprey.gguf.GgufTensorInfo;
import dev.osprey.tokenizer.BpeTokenizer;
import dev.osprey.tokenizer.EncodeOptions;
import dev.osprey.tokenizer.Tokenizers;
import dev.osprey.tokenizer.Vocabulary;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SyntheticModelWriterTest {
    /** Qwen2-like: tied output, q/k/v biases; rows of 256 so K-quants apply. */
    static final SyntheticModel TINY_QWEN =
            new SyntheticModel("tiny-qwen2", "qwen2", 2, 256, 4, 2, 512, 300, 1e6, 1e-6, true, true, 128);
    /** Llama-like: untied output; width 64 is a whole number of 32-blocks but not of 256-blocks. */
    static final SyntheticModel TINY_LLAMA =
            new SyntheticModel("tiny-llama", "llama", 2, 64, 4, 2, 256, 300, 5e5, 1e-5, false, false, 128);

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource({"F32, 0", "F16, 1e-6", "BF16, 2e-5", "Q8_0, 5e-5", "Q4_0, 0.02", "Q4_K, 0.01", "Q5_K, 0.003", "Q6_K, 0.0008"})
    void writesTheShapeMetadataAndValues(GgmlType type, double maxNmse) throws IOException {
        Path path = dir.resolve("tiny.gguf");
        new SyntheticModelWriter(2).write(new SyntheticSpec(TINY_QWEN, type), 7, path);
        try (GgufFile file = GgufFile.open(path)) {
            GgufMetadata md = file.metadata();
            assertThat(md.getString("general.architecture")).isEqualTo("qwen2");
            assertThat(md.getLong("qwen2.block_count")).isEqualTo(2);
            assertThat(md.getLong("qwen2.embedding_length")).isEqualTo(256);
            assertThat(md.getLong("qwen2.feed_forward_length")).isEqualTo(512);
            assertThat(md.getLong("qwen2.attention.head_count")).isEqualTo(4);
            assertThat(md.getLong("qwen2.attention.head_count_kv")).isEqualTo(2);
            assertThat(md.getLong("qwen2.context_length")).isEqualTo(128);
            assertThat(md.getLong("qwen2.rope.dimension_count")).isEqualTo(64);
            assertThat(md.getDouble("qwen2.rope.freq_base")).isEqualTo(1e6);
            assertThat((float) md.getDouble("qwen2.attention.layer_norm_rms_epsilon")).isEqualTo(1e-6f);
            assertThat(md.getInt("general.file_type")).isEqualTo(Map.of(GgmlType.F32, 0, GgmlType.F16, 1, GgmlType.BF16, 32,
                    GgmlType.Q8_0, 7, GgmlType.Q4_0, 2, GgmlType.Q4_K, 14, GgmlType.Q5_K, 16, GgmlType.Q6_K, 18).get(type));

            Map<String, GgufTensorInfo> tensors = file.tensors().stream()
                    .collect(Collectors.toMap(GgufTensorInfo::name, t -> t));
            assertThat(tensors).hasSize(1 + 2 * 12 + 1).doesNotContainKey("output.weight");
            assertTensor(tensors, "token_embd.weight", type, 256, 300);
            assertTensor(tensors, "blk.1.attn_q.weight", type, 256, 256);
            assertTensor(tensors, "blk.1.attn_k.weight", type, 256, 128);
            assertTensor(tensors, "blk.1.attn_v.weight", type, 256, 128);
            assertTensor(tensors, "blk.1.attn_output.weight", type, 256, 256);
            assertTensor(tensors, "blk.1.ffn_gate.weight", type, 256, 512);
            assertTensor(tensors, "blk.1.ffn_up.weight", type, 256, 512);
            assertTensor(tensors, "blk.1.ffn_down.weight", type, 512, 256);
            assertTensor(tensors, "blk.0.attn_q.bias", GgmlType.F32, 256);
            assertTensor(tensors, "blk.0.attn_k.bias", GgmlType.F32, 128);
            assertTensor(tensors, "blk.0.attn_v.bias", GgmlType.F32, 128);
            assertTensor(tensors, "blk.0.attn_norm.weight", GgmlType.F32, 256);
            assertTensor(tensors, "blk.0.ffn_norm.weight", GgmlType.F32, 256);
            assertTensor(tensors, "output_norm.weight", GgmlType.F32, 256);

            float[] norm = decode(file, tensors.get("output_norm.weight"), GgmlType.F32);
            assertThat(norm).containsOnly(1f);
            for (String name : List.of("blk.1.ffn_down.weight", "token_embd.weight", "blk.0.attn_v.bias")) {
                GgufTensorInfo t = tensors.get(name);
                float[] got = decode(file, t, t.type());
                float[] want = generated(7, t);
                assertThat(nmse(want, got)).as(name).isLessThanOrEqualTo(maxNmse);
            }
        }
    }

    @Test
    void generatedWeightsAreNormalWithTheAdvertisedSpread() {
        float[] x = new float[200_000];
        for (int row = 0; row < 100; row++) {
            SeededNormals.fillRow(SeededNormals.tensorSeed(1, "w"), row, SyntheticModelWriter.WEIGHT_STD, x, row * 2000, 2000);
        }
        double sum = 0;
        double sumSq = 0;
        int beyondTwoSigma = 0;
        for (float v : x) {
            sum += v;
            sumSq += (double) v * v;
            beyondTwoSigma += Math.abs(v) > 0.04 ? 1 : 0;
        }
        double mean = sum / x.length;
        double std = Math.sqrt(sumSq / x.length - mean * mean);
        assertThat(mean).isBetween(-2e-4, 2e-4);
        assertThat(std).isBetween(0.0199, 0.0201);
        assertThat(beyondTwoSigma / (double) x.length).isBetween(0.044, 0.047);
    }

    @Test
    void sameSeedSameBytesWhateverTheThreadCount() throws IOException {
        SyntheticSpec spec = new SyntheticSpec(TINY_QWEN, GgmlType.Q4_K);
        Path a = dir.resolve("a.gguf");
        Path b = dir.resolve("b.gguf");
        Path c = dir.resolve("c.gguf");
        new SyntheticModelWriter(2).write(spec, 42, a);
        new SyntheticModelWriter(1).write(spec, 42, b);
        new SyntheticModelWriter(2).write(spec, 43, c);
        assertThat(Files.mismatch(a, b)).isEqualTo(-1);
        assertThat(Files.mismatch(a, c)).isNotEqualTo(-1);
        assertThat(Files.size(a)).isEqualTo(Files.size(c));
    }

    @Test
    void untiedLlamaWithRowsThatFallBack() throws IOException {
        Path path = dir.resolve("llama.gguf");
        new SyntheticModelWriter(2).write(new SyntheticSpec(TINY_LLAMA, GgmlType.Q5_K), 1, path);
        try (GgufFile file = GgufFile.open(path)) {
            Map<String, GgufTensorInfo> tensors = file.tensors().stream()
                    .collect(Collectors.toMap(GgufTensorInfo::name, t -> t));
            assertThat(tensors).hasSize(2 + 2 * 9 + 1).doesNotContainKey("blk.0.attn_q.bias");
            assertTensor(tensors, "output.weight", GgmlType.Q5_1, 64, 300);
            assertTensor(tensors, "blk.0.attn_q.weight", GgmlType.Q5_1, 64, 64);
            assertTensor(tensors, "blk.0.ffn_down.weight", GgmlType.Q5_K, 256, 64);
            assertThat(file.metadata().getString("general.architecture")).isEqualTo("llama");
            assertThat(file.metadata().getLong("llama.rope.dimension_count")).isEqualTo(16);
        }
        assertThat(QuantRecipe.fallback(GgmlType.Q4_K, 896)).isEqualTo(GgmlType.Q5_0);
        assertThat(QuantRecipe.fallback(GgmlType.Q4_K, 4864)).isEqualTo(GgmlType.Q4_K);
        assertThat(QuantRecipe.fallback(GgmlType.Q8_0, 172)).isEqualTo(GgmlType.F16);
    }

    @Test
    void tokenizerLoads() throws IOException {
        Path qwen = dir.resolve("qwen.gguf");
        Path llama = dir.resolve("llama.gguf");
        new SyntheticModelWriter(2).write(new SyntheticSpec(TINY_QWEN, GgmlType.Q8_0), 1, qwen);
        new SyntheticModelWriter(2).write(new SyntheticSpec(TINY_LLAMA, GgmlType.Q8_0), 1, llama);

        BpeTokenizer q = Tokenizers.load(qwen);
        assertThat(q.vocabulary().size()).isEqualTo(300);
        int[] ids = q.encode("héllo <|im_end|>", EncodeOptions.TRUSTED);
        assertThat(ids).hasSize(8).endsWith(299);
        assertThat(q.decode(ids, true)).isEqualTo("héllo <|im_end|>");
        assertThat(q.vocabulary().token(299)).isEqualTo("<|im_end|>");
        assertThat(q.vocabulary().special(Vocabulary.Role.EOS)).hasValue(297);
        assertThat(q.decode(new int[] {256}, false)).isEqualTo("<|synthetic_256|>");

        BpeTokenizer l = Tokenizers.load(llama);
        int[] withBos = l.encode("hi", EncodeOptions.PROMPT);
        assertThat(withBos).hasSize(3);
        assertThat(l.vocabulary().token(withBos[0])).isEqualTo("<|begin_of_text|>");
        assertThat(l.vocabulary().isEndOfGeneration(299)).isTrue();
    }

    private static void assertTensor(Map<String, GgufTensorInfo> tensors, String name, GgmlType type, long... dims) {
        GgufTensorInfo t = tensors.get(name);
        assertThat(t).as(name).isNotNull();
        assertThat(t.type()).as(name).isEqualTo(type);
        assertThat(t.dims()).as(name).containsExactly(dims);
    }

    private static float[] decode(GgufFile file, GgufTensorInfo t, GgmlType type) {
        MemorySegment data = file.tensorData(t);
        float[] out = new float[(int) t.elementCount()];
        TestDecoder.decode(type, data, 0, out.length, out);
        return out;
    }

    private static float[] generated(long seed, GgufTensorInfo t) {
        int cols = (int) t.dim(0);
        int rows = (int) t.dim(1);
        float[] out = new float[cols * rows];
        long tensorSeed = SeededNormals.tensorSeed(seed, t.name());
        for (int r = 0; r < rows; r++) {
            SeededNormals.fillRow(tensorSeed, r, SyntheticModelWriter.WEIGHT_STD, out, r * cols, cols);
        }
        return out;
    }

    private static double nmse(float[] want, float[] got) {
        double err = 0;
        double ref = 0;
        for (int i = 0; i < want.length; i++) {
            err += (double) (want[i] - got[i]) * (want[i] - got[i]);
            ref += (double) want[i] * want[i];
        }
        return err / ref;
    }
}
