package dev.osprey.tokenizer.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.testkit.TokenizerVectors;
import dev.osprey.tokenizer.EncodeOptions;
import dev.osprey.tokenizer.Tokenizer;
import java.io.InputStream;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class BundledVocabularyTest {

    @Test
    void isTheLlamaCppDeepSeekCoderReferenceVocabulary() throws Exception {
        try (InputStream in = BundledVocabulary.class.getResourceAsStream(BundledVocabulary.RESOURCE)) {
            assertThat(in).isNotNull();
            assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(TestModels.deepseekCoderGguf()));
        }
    }

    @Test
    void loadsAndReproducesLlamaCppsVectors() {
        ServedModel model = BundledVocabulary.load();
        Tokenizer tokenizer = model.tokenizer();

        assertThat(model.name()).isEqualTo("deepseek-coder");
        assertThat(model.source()).contains("ggml-vocab-deepseek-coder.gguf");
        for (TokenizerVectors.Case c : TokenizerVectors.reference("tokenizer-vectors/ggml-vocab-deepseek-coder.gguf")) {
            assertThat(tokenizer.encode(c.text(), EncodeOptions.PLAIN)).as(c.toString()).containsExactly(c.expected());
        }
    }
}
