package dev.osprey.context.server;

import dev.osprey.gguf.GgufFile;
import dev.osprey.gguf.GgufMetadata;
import dev.osprey.tokenizer.Tokenizer;
import dev.osprey.tokenizer.Tokenizers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * A configured model's tokenizer and context length.
 *
 * @param name          the name requests select it by
 * @param source        where the vocabulary was loaded from, for logs and messages
 * @param tokenizer     the loaded tokenizer (immutable, thread-safe)
 * @param contextLength tokens of context, positive
 */
public record ModelVocabulary(String name, String source, Tokenizer tokenizer, int contextLength) {
    public ModelVocabulary {
        if (contextLength <= 0) {
            throw new IllegalArgumentException("contextLength must be positive, was " + contextLength);
        }
    }

    /**
     * Loads a GGUF file or a Hugging Face tokenizer.json.
     *
     * @param contextLength the configured context length, or null to read {@code <arch>.context_length}
     *                      from a GGUF file
     * @throws ContextStartupException naming the model, the file and the setting to change
     */
    public static ModelVocabulary load(String name, Path path, @Nullable Integer contextLength) {
        String setting = "osprey.context.models[name=" + name + "]";
        Tokenizer tokenizer;
        try {
            tokenizer = Tokenizers.load(path);
        } catch (IOException | RuntimeException e) {
            throw new ContextStartupException("cannot load the vocabulary of model '" + name + "' from " + path + ": "
                    + reason(e), "Check " + setting + ".vocabulary: it must name a readable GGUF file or Hugging Face"
                    + " tokenizer.json (with its tokenizer_config.json beside it).", e);
        }
        int length;
        if (contextLength != null) {
            length = contextLength;
        } else {
            OptionalLong recorded = ggufContextLength(path);
            if (recorded.isEmpty() || recorded.getAsLong() <= 0 || recorded.getAsLong() > Integer.MAX_VALUE) {
                throw new ContextStartupException("model '" + name + "' has no context length: " + path
                        + (isGguf(path) ? " records no <architecture>.context_length" : " is not a GGUF file"),
                        "Set " + setting + ".context-length to the model's context (tokens).", null);
            }
            length = (int) recorded.getAsLong();
        }
        return new ModelVocabulary(name, path.toString(), tokenizer, length);
    }

    /** {@code <general.architecture>.context_length} of a GGUF file; empty for other files or when absent. */
    static OptionalLong ggufContextLength(Path path) {
        if (!isGguf(path)) {
            return OptionalLong.empty();
        }
        try (GgufFile file = GgufFile.open(path)) {
            GgufMetadata metadata = file.metadata();
            return metadata.findString("general.architecture")
                    .map(arch -> metadata.findLong(arch + ".context_length"))
                    .orElse(OptionalLong.empty());
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    private static boolean isGguf(Path path) {
        byte[] head = new byte[4];
        try (InputStream in = Files.newInputStream(path)) {
            return in.readNBytes(head, 0, 4) == 4 && head[0] == 'G' && head[1] == 'G' && head[2] == 'U' && head[3] == 'F';
        } catch (IOException e) {
            return false;
        }
    }

    private static String reason(Throwable t) {
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
    }
}
