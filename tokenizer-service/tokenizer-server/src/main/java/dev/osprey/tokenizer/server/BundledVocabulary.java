package dev.osprey.tokenizer.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The DeepSeek-Coder vocabulary inside the server jar (see {@code vocab/README.md} beside it), served
 * when no models are configured so that the service starts with no user files.
 */
public final class BundledVocabulary {
    /** The name the bundled vocabulary is served under. */
    public static final String MODEL_NAME = "deepseek-coder";
    static final String RESOURCE = "/dev/osprey/tokenizer/server/vocab/ggml-vocab-deepseek-coder.gguf";

    private BundledVocabulary() {
    }

    /**
     * Copies the vocabulary to a temporary file (the GGUF reader maps files, not streams), deleted
     * when the JVM exits, and loads it.
     *
     * @throws UncheckedIOException when the resource is missing from the jar or cannot be written out
     */
    public static ServedModel load() {
        Path file;
        try (InputStream in = BundledVocabulary.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException("resource " + RESOURCE + " is missing from the server jar");
            }
            file = Files.createTempFile("osprey-" + MODEL_NAME + "-", ".gguf");
            file.toFile().deleteOnExit();
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the bundled vocabulary " + RESOURCE, e);
        }
        ServedModel model = ServedModel.load(MODEL_NAME, file);
        return new ServedModel(MODEL_NAME, "bundled " + RESOURCE, model.tokenizer());
    }
}
