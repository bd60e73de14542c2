package dev.osprey.context.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelVocabularyTest {

    @Test
    void aConfiguredContextLengthIsUsed() {
        ModelVocabulary vocabulary = ModelVocabulary.load("q", TestModels.qwen3TokenizerJson(), 8192);

        assertThat(vocabulary.contextLength()).isEqualTo(8192);
        assertThat(vocabulary.tokenizer().vocabulary().size()).isPositive();
    }

    @Test
    void aTokenizerJsonWithoutAContextLengthFailsNamingTheSetting() {
        assertThatThrownBy(() -> ModelVocabulary.load("q", TestModels.qwen3TokenizerJson(), null))
                .isInstanceOfSatisfying(ContextStartupException.class, e -> {
                    assertThat(e.getMessage()).contains("'q'").contains("not a GGUF file");
                    assertThat(e.action()).contains("osprey.context.models[name=q].context-length");
                });
    }

    @Test
    void aGgufContextLengthIsReadWhenRecordedAndRequiredWhenNot() {
        Path gguf = TestModels.deepseekCoderGguf();
        var recorded = ModelVocabulary.ggufContextLength(gguf);
        if (recorded.isPresent()) {
            assertThat(ModelVocabulary.load("d", gguf, null).contextLength()).isEqualTo((int) recorded.getAsLong());
        } else {
            assertThatThrownBy(() -> ModelVocabulary.load("d", gguf, null))
                    .isInstanceOf(ContextStartupException.class).hasMessageContaining("context_length");
        }
    }

    @Test
    void aMissingOrBrokenVocabularyFailsNamingTheModelAndTheFile(@TempDir Path dir) throws Exception {
        Path broken = Files.writeString(dir.resolve("tokenizer.json"), "not json at all");

        assertThatThrownBy(() -> ModelVocabulary.load("m", dir.resolve("missing.gguf"), 4096))
                .isInstanceOf(ContextStartupException.class).hasMessageContaining("'m'").hasMessageContaining("missing.gguf");
        assertThatThrownBy(() -> ModelVocabulary.load("m", broken, 4096))
                .isInstanceOfSatisfying(ContextStartupException.class, e -> assertThat(e.action()).contains("vocabulary"));
    }
}
