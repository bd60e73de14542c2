package dev.osprey.context.server;

import dev.osprey.testkit.ReferenceFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Reference vocabularies from the test kit, loaded once per JVM. */
final class TestModels {
    /** Qwen3's tokenizer.json: a chat template, FIM with repository tokens. */
    static final String QWEN3 = "qwen3";
    /** DeepSeek-Coder's GGUF vocabulary: FIM without repository tokens. */
    static final String DEEPSEEK_CODER = "deepseek-coder";
    /** GPT-2's GGUF vocabulary: no FIM tokens. */
    static final String GPT2 = "gpt-2";

    static final int CONTEXT_LENGTH = 4096;

    private static final Map<String, ModelVocabulary> LOADED = new ConcurrentHashMap<>();

    private TestModels() {
    }

    static Path qwen3TokenizerJson() {
        ReferenceFiles.path("tokenizers/qwen3/tokenizer_config.json"); // beside tokenizer.json: chat template, specials
        return ReferenceFiles.path("tokenizers/qwen3/tokenizer.json");
    }

    static Path deepseekCoderGguf() {
        return ReferenceFiles.path("tokenizer-vectors/ggml-vocab-deepseek-coder.gguf");
    }

    static Path gpt2Gguf() {
        return ReferenceFiles.path("tokenizer-vectors/ggml-vocab-gpt-2.gguf");
    }

    static ModelVocabulary vocabulary(String name) {
        return LOADED.computeIfAbsent(name, n -> switch (n) {
            case QWEN3 -> ModelVocabulary.load(n, qwen3TokenizerJson(), CONTEXT_LENGTH);
            case DEEPSEEK_CODER -> ModelVocabulary.load(n, deepseekCoderGguf(), CONTEXT_LENGTH);
            case GPT2 -> ModelVocabulary.load(n, gpt2Gguf(), CONTEXT_LENGTH);
            default -> throw new IllegalArgumentException("no test model " + n);
        });
    }

    /** qwen3 (the default), deepseek-coder and gpt-2, each with a context of {@value #CONTEXT_LENGTH} tokens. */
    static List<ModelVocabulary> all() {
        return List.of(vocabulary(QWEN3), vocabulary(DEEPSEEK_CODER), vocabulary(GPT2));
    }
}
