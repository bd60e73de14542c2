package dev.osprey.gguf;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A GGUF file is malformed, truncated, hostile or uses something this reader does not support
 * (GGUF version, value type, ggml tensor type). The message names the file and the byte offset at
 * which the problem was found, e.g. {@code "/m/x.gguf: metadata key 'a.b': string length 2^40
 * exceeds the 12 bytes left in the file (at byte offset 1234)"}.
 */
public final class GgufFormatException extends IOException {

    private final Path path;
    private final long offset;
    private final String detail;

    /**
     * @param path   the file (or a label for an in-memory image)
     * @param offset byte offset from the start of the file where the problem was found
     * @param detail what is wrong, without the path or offset
     */
    public GgufFormatException(Path path, long offset, String detail) {
        super(path + ": " + detail + " (at byte offset " + offset + ")");
        this.path = path;
        this.offset = offset;
        this.detail = detail;
    }

    /** The file the problem was found in. */
    public Path path() {
        return path;
    }

    /** Byte offset, from the start of the file, where the problem was found. */
    public long offset() {
        return offset;
    }

    /** The problem alone, without path and offset. */
    public String detail() {
        return detail;
    }
}
