package dev.osprey.standalone.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;

/** The four-byte check that a file is GGUF before it is handed to a loader. */
final class GgufFiles {

    private static final byte[] MAGIC = "GGUF".getBytes(StandardCharsets.US_ASCII);

    private GgufFiles() {
    }

    /**
     * Checks that {@code file} is a readable regular file starting with the bytes {@code GGUF}.
     *
     * @throws IllegalArgumentException naming the path and what is wrong with it
     */
    static void requireGguf(Path file, String asGiven) {
        String shown = file.toAbsolutePath() + (asGiven.equals(file.toAbsolutePath().toString()) ? ""
                : " (from '" + asGiven + "')");
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("Model file not found: " + shown
                    + ". Pass an existing .gguf file or hf:OWNER/REPO/FILE.gguf.");
        }
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException("Model path is a directory, not a file: " + shown
                    + ". Pass the .gguf file inside it.");
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(MAGIC.length);
        } catch (IOException e) {
            throw new IllegalArgumentException("Model file cannot be read: " + shown + ": " + e.getMessage(), e);
        }
        if (!Arrays.equals(head, MAGIC)) {
            throw new IllegalArgumentException("Not a GGUF file: " + shown + " starts with "
                    + (head.length == 0 ? "nothing (it is empty)" : "0x" + HexFormat.of().formatHex(head))
                    + " instead of the magic bytes \"GGUF\".");
        }
    }
}
