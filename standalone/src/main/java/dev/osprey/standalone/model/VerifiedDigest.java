package dev.osprey.standalone.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The record beside a cached file, {@code FILE.sha256}: its SHA-256 and size when it was verified. It lets a start
 * reuse a multi-gigabyte file without hashing it again, while a size check still catches a truncated file.
 * The text is {@code <64 hex digits>  <size in bytes>} on one line.
 */
record VerifiedDigest(String sha256, long size) {

    private static final Pattern LINE = Pattern.compile("([0-9a-f]{64})\\s+(\\d+)\\s*");

    /** The record of {@code target}, or empty when there is none or it cannot be read. */
    static Optional<VerifiedDigest> read(Path target) {
        Path file = ModelCache.digestFile(target);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            Matcher m = LINE.matcher(Files.readString(file, StandardCharsets.US_ASCII));
            return m.matches() ? Optional.of(new VerifiedDigest(m.group(1), Long.parseLong(m.group(2))))
                    : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Writes the record of {@code target} through a temporary file, so a reader never sees half of it. */
    static void write(Path target, VerifiedDigest digest) throws IOException {
        Path file = ModelCache.digestFile(target);
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temp, digest.sha256 + "  " + digest.size + "\n", StandardCharsets.US_ASCII);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** True when {@code target} exists with exactly the recorded size. */
    boolean matchesSizeOf(Path target) {
        try {
            return Files.isRegularFile(target) && Files.size(target) == size;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
