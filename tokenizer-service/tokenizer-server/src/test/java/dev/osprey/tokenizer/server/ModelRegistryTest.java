package dev.osprey.tokenizer.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRegistryTest {

    @Test
    void emptyOrNullNameSelectsTheDefaultModel() {
        ModelRegistry registry = TestModels.registry();

        assertThat(registry.resolve("").name()).isEqualTo(TestModels.DEEPSEEK_CODER);
        assertThat(registry.resolve(null).name()).isEqualTo(TestModels.DEEPSEEK_CODER);
        assertThat(registry.resolve(TestModels.QWEN3).name()).isEqualTo(TestModels.QWEN3);
        assertThat(registry.names()).containsExactly(TestModels.DEEPSEEK_CODER, TestModels.QWEN3);
    }

    @Test
    void unknownNameListsTheServedModels() {
        assertThatThrownBy(() -> TestModels.registry().resolve("llama3"))
                .isInstanceOf(UnknownModelException.class)
                .hasMessage("unknown model 'llama3'; this server serves deepseek-coder, qwen3");
    }

    @Test
    void defaultModelMustBeOneOfTheModels() {
        ServedModel model = TestModels.registry().defaultModel();

        assertThatThrownBy(() -> new ModelRegistry(List.of(model), "qwen3"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("default model 'qwen3' is not one of deepseek-coder");
    }

    @Test
    void namesAreUniqueAndAtLeastOneModelIsServed() {
        ServedModel model = TestModels.registry().defaultModel();

        assertThatThrownBy(() -> new ModelRegistry(List.of(model, model), model.name()))
                .hasMessage("model name 'deepseek-coder' is used twice");
        assertThatThrownBy(() -> new ModelRegistry(List.of(), "x"))
                .hasMessage("a model registry needs at least one model");
    }

    @Test
    void missingFileFailsNamingModelAndPath(@TempDir Path dir) {
        Path missing = dir.resolve("nope.gguf");

        assertThatThrownBy(() -> ServedModel.load("coder", missing))
                .isInstanceOfSatisfying(ModelLoadException.class, e -> {
                    assertThat(e.model()).isEqualTo("coder");
                    assertThat(e.path()).isEqualTo(missing);
                })
                .hasMessageStartingWith("cannot load model 'coder' from " + missing + ": ");
    }

    @Test
    void unloadableFileFailsNamingModelAndPath(@TempDir Path dir) throws Exception {
        Path garbage = Files.writeString(dir.resolve("vocab.bin"), "not a vocabulary");

        assertThatThrownBy(() -> ServedModel.load("coder", garbage))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("cannot load model 'coder' from " + garbage)
                .hasMessageContaining("neither a GGUF file nor a tokenizer.json");
    }
}
