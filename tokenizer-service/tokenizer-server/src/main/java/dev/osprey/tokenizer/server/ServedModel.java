package dev.osprey.tokenizer.server;

import dev.osprey.tokenizer.Tokenizer;
import dev.osprey.tokenizer.Tokenizers;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One vocabulary the server serves under a name.
 *
 * @param name      the name requests use to select it
 * @param source    where it was loaded from, for logs and messages
 * @param tokenizer the loaded tokenizer (immutable, thread-safe)
 */
public record ServedModel(String name, String source, Tokenizer tokenizer) {
    public ServedModel {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(tokenizer, "tokenizer");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a model name must not be blank");
        }
    }

    /**
     * Loads a GGUF file or a Hugging Face tokenizer.json.
     *
     * @throws ModelLoadException naming the model and the file when it is missing or unloadable
     */
    public static ServedModel load(String name, Path path) {
        try {
            return new ServedModel(name, path.toString(), Tokenizers.load(path));
        } catch (IOException | RuntimeException e) {
            throw new ModelLoadException(name, path, e);
        }
    }
}
