package dev.osprey.gateway.batch;

import java.util.Objects;

/**
 * OpenAI's file object: an uploaded batch input ({@link #BATCH}) or a batch's output or error file
 * ({@link #BATCH_OUTPUT}).
 *
 * @param bytes     the content's size
 * @param createdAt Unix seconds
 * @param owner     the API key that uploaded it, or whose batch produced it (empty without keys); not part
 *                  of OpenAI's object
 */
public record BatchFile(String id, long bytes, long createdAt, String filename, String purpose, String owner) {
    public static final String BATCH = "batch";
    public static final String BATCH_OUTPUT = "batch_output";

    public BatchFile {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(owner, "owner");
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes < 0");
        }
    }
}
