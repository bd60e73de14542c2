package dev.osprey.context.plan;

import dev.osprey.testkit.ReferenceFiles;
import dev.osprey.tokenizer.Tokenizer;
import dev.osprey.tokenizer.Tokenizers;
import dev.osprey.tokenizer.hf.HuggingFaceTokenizerLoader;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Real vocabularies from the reference data: Qwen3 (chat template, FIM with repository tokens), DeepSeek-Coder (FIM without). */
final class TestVocabularies {
    private static Tokenizer qwen;
    private static Tokenizer deepseek;

    private TestVocabularies() {
    }

    static synchronized Tokenizer qwen() {
        if (qwen == null) {
            ReferenceFiles.path("tokenizers/qwen3/tokenizer_config.json");
            try {
                qwen = HuggingFaceTokenizerLoader.load(ReferenceFiles.path("tokenizers/qwen3/tokenizer.json"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return qwen;
    }

    static synchronized Tokenizer deepseekCoder() {
        if (deepseek == null) {
            try {
                deepseek = Tokenizers.load(ReferenceFiles.path("tokenizer-vectors/ggml-vocab-deepseek-coder.gguf"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return deepseek;
    }
}
