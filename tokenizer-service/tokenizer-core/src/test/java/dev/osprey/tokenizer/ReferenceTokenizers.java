package dev.osprey.tokenizer;

import dev.osprey.testkit.ReferenceFiles;
import dev.osprey.tokenizer.hf.HuggingFaceTokenizerLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Tokenizers for the bundled reference vocabularies, loaded once per test JVM. */
public final class ReferenceTokenizers {
    private static final Map<String, Tokenizer> CACHE = new ConcurrentHashMap<>();

    private ReferenceTokenizers() {
    }

    /** A vocabulary-only GGUF from {@code tokenizer-vectors/ggml-vocab-<name>.gguf}. */
    public static Tokenizer gguf(String name) {
        return CACHE.computeIfAbsent("gguf:" + name, key -> {
            try {
                return Tokenizers.load(ReferenceFiles.path("tokenizer-vectors/ggml-vocab-" + name + ".gguf"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** A Hugging Face tokenizer.json from {@code tokenizers/<name>/}. */
    public static Tokenizer huggingFace(String name) {
        return CACHE.computeIfAbsent("hf:" + name, key -> {
            ReferenceFiles.path("tokenizers/" + name + "/tokenizer_config.json");
            try {
                return HuggingFaceTokenizerLoader.load(ReferenceFiles.path("tokenizers/" + name + "/tokenizer.json"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
