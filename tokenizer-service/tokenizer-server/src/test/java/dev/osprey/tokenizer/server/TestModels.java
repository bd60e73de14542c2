package dev.osprey.tokenizer.server;

import dev.osprey.testkit.ReferenceFiles;
import java.nio.file.Path;
import java.util.List;

/** Reference vocabularies from the test kit, loaded once per JVM. */
final class TestModels {
    static final String DEEPSEEK_CODER = "deepseek-coder";
    static final String QWEN3 = "qwen3";

    private static volatile ModelRegistry registry;

    private TestModels() {
    }

    static Path deepseekCoderGguf() {
        return ReferenceFiles.path("tokenizer-vectors/ggml-vocab-deepseek-coder.gguf");
    }

    static Path qwen3TokenizerJson() {
        ReferenceFiles.path("tokenizers/qwen3/tokenizer_config.json"); // beside tokenizer.json: chat template, specials
        return ReferenceFiles.path("tokenizers/qwen3/tokenizer.json");
    }

    /** deepseek-coder (GGUF, the default) and qwen3 (tokenizer.json). */
    static ModelRegistry registry() {
        ModelRegistry r = registry;
        if (r == null) {
            synchronized (TestModels.class) {
                r = registry;
                if (r == null) {
                    r = new ModelRegistry(List.of(
                            ServedModel.load(DEEPSEEK_CODER, deepseekCoderGguf()),
                            ServedModel.load(QWEN3, qwen3TokenizerJson())), DEEPSEEK_CODER);
                    registry = r;
                }
            }
        }
        return r;
    }
}
