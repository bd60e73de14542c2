package dev.osprey.gguf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tokenizer-sized metadata: 150k-entry string and number arrays read back intact, and llama.cpp's
 * vocabulary files read and rewrite exactly. (How fast they load is a benchmark's question, not a test's.)
 */
class VocabularyTest {

    private static final int VOCAB = 150_000;
    /** The test kit's copy of llama.cpp's vocabulary files, from this module's directory (Maven's basedir). */
    private static final Path TESTKIT_VOCABS = Path.of(System.getProperty("basedir", "."))
            .resolve("../testkit/src/main/resources/dev/osprey/testkit/reference/tokenizer-vectors").normalize();

    @Test
    void largeVocabularyReadsBackIntact(@TempDir Path dir) throws IOException {
        SplittableRandom random = new SplittableRandom(150);
        List<String> tokens = new ArrayList<>(VOCAB);
        List<String> merges = new ArrayList<>(VOCAB);
        float[] scores = new float[VOCAB];
        int[] types = new int[VOCAB];
        for (int i = 0; i < VOCAB; i++) {
            String piece = GgufRoundTripTest.randomString(random, 12);
            tokens.add(i % 3 == 0 ? "Ġ" + piece : piece + i);
            merges.add(piece + " " + i);
            scores[i] = -i;
            types[i] = 1 + random.nextInt(6);
        }
        Path path = dir.resolve("vocab.gguf");
        new GgufWriter()
                .putString("tokenizer.ggml.model", "gpt2")
                .putStringArray("tokenizer.ggml.tokens", tokens)
                .putFloat32Array("tokenizer.ggml.scores", scores)
                .putInt32Array("tokenizer.ggml.token_type", types)
                .putStringArray("tokenizer.ggml.merges", merges)
                .write(path);

        try (GgufFile f = GgufFile.open(path)) {
            GgufMetadata md = f.metadata();
            assertThat(md.getStringArray("tokenizer.ggml.tokens").equals(tokens)).as("tokens read back equal").isTrue();
            assertThat(md.getFloatArray("tokenizer.ggml.scores")).isEqualTo(scores);
            assertThat(md.getIntArray("tokenizer.ggml.token_type")).isEqualTo(types);
            assertThat(md.getStringArray("tokenizer.ggml.merges").equals(merges)).as("merges read back equal").isTrue();
        }
    }

    /**
     * llama.cpp's vocabulary-only test files (no tensors), as the test kit bundles them (gzipped): they
     * read as expected, and writing their metadata back reproduces them byte for byte. The gguf module
     * cannot depend on the test kit (the test kit depends on it), so the files are read from its sources.
     */
    @Test
    void llamaCppVocabularyFiles(@TempDir Path dir) throws IOException {
        assertThat(TESTKIT_VOCABS).as("the test kit's bundled vocabularies").isDirectory();
        Map<String, Integer> sizes = Map.of(
                "ggml-vocab-llama-spm.gguf", 32_000,
                "ggml-vocab-deepseek-coder.gguf", 32_256,
                "ggml-vocab-deepseek-llm.gguf", 102_400,
                "ggml-vocab-starcoder.gguf", 49_152,
                "ggml-vocab-gpt-2.gguf", 50_257,
                "ggml-vocab-falcon.gguf", 65_024,
                "ggml-vocab-mpt.gguf", 50_432);
        for (Map.Entry<String, Integer> e : sizes.entrySet()) {
            Path path = gunzip(TESTKIT_VOCABS.resolve(e.getKey() + ".gz"), dir.resolve(e.getKey()));
            try (GgufFile f = GgufFile.open(path)) {
                GgufMetadata md = f.metadata();
                assertThat(f.tensors()).as(e.getKey()).isEmpty();
                assertThat(md.getStringArray("tokenizer.ggml.tokens")).as(e.getKey()).hasSize(e.getValue());
                assertThat(md.getIntArray("tokenizer.ggml.token_type")).as(e.getKey()).hasSize(e.getValue());
                assertThat(new GgufWriter().version(f.version()).putAll(md).toByteArray())
                        .as("%s rewritten", e.getKey()).isEqualTo(Files.readAllBytes(path));
                if (md.getString("tokenizer.ggml.model").equals("llama")) {
                    assertThat(md.getFloatArray("tokenizer.ggml.scores")).as(e.getKey()).hasSize(e.getValue());
                } else {
                    List<String> merges = md.getStringArray("tokenizer.ggml.merges");
                    assertThat(merges).as(e.getKey()).isNotEmpty();
                    assertThat(merges.stream().filter(m -> m.indexOf(' ') <= 0).toList()).as("merges without a pair").isEmpty();
                }
            }
        }
    }

    private static Path gunzip(Path gz, Path target) throws IOException {
        assertThat(gz).as("bundled vocabulary").isRegularFile();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            Files.copy(in, target);
        }
        return target;
    }
}
