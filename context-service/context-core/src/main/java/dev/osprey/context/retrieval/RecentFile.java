package dev.osprey.context.retrieval;

import java.util.Objects;

/**
 * A file the client has open or has just edited, as it is in the editor now (possibly unsaved, possibly not yet
 * indexed).
 *
 * @param path repository-relative path
 * @param text its current content
 */
public record RecentFile(String path, String text) {
    public RecentFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(text, "text");
    }
}
