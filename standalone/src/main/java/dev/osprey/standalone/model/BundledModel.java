package dev.osprey.standalone.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The demo model shipped in this jar: karpathy's stories260K (MIT), a 260K-parameter Llama trained on
 * TinyStories. The whole pipeline runs on it, but it writes children's stories, not code.
 *
 * <p>{@link #extract()} copies it out of the classpath into the cache once, so that it is a real file that can be
 * memory-mapped, and re-extracts it when the copy on disk does not have the expected size and SHA-256.
 */
public final class BundledModel {

    /** Short name of the bundled model. */
    public static final String NAME = "stories260K";
    /** How the bundled model is described to the user when it is served in place of another. */
    public static final String DESCRIPTION = "the bundled demo model " + NAME
            + " (a 260K-parameter TinyStories model: the whole pipeline runs, but it does not write code)";

    static final String RESOURCE = "/models/stories260K.gguf";
    static final long SIZE = 1_185_376L;
    static final String SHA256 = "270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d";

    private final Path directory;

    /** @param directory where the model is extracted, normally {@link ModelCache#bundledDirectory()} */
    public BundledModel(Path directory) {
        this.directory = directory;
    }

    /**
     * Returns the extracted model file, extracting it first when it is missing or damaged.
     *
     * @throws UncheckedIOException when the cache cannot be written or the resource is missing from the jar
     */
    public Path extract() {
        Path target = directory.resolve(NAME + ".gguf");
        try {
            if (isIntact(target)) {
                return target;
            }
            Files.createDirectories(directory);
            Path temp = Files.createTempFile(directory, NAME, ".tmp");
            try (InputStream in = BundledModel.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IOException("resource " + RESOURCE + " is missing from the classpath");
                }
                Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
                if (!isIntact(temp)) {
                    throw new IOException("resource " + RESOURCE + " does not have the expected SHA-256 " + SHA256);
                }
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not extract the bundled model " + NAME + " to " + target
                    + ": " + e.getMessage(), e);
        }
    }

    private static boolean isIntact(Path file) throws IOException {
        if (!Files.isRegularFile(file) || Files.size(file) != SIZE) {
            return false;
        }
        MessageDigest digest = HuggingFaceDownloader.sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                digest.update(buffer, 0, n);
            }
        }
        return SHA256.equals(HexFormat.of().formatHex(digest.digest()));
    }
}
