package dev.osprey.context.retrieval;

import java.util.List;
import java.util.Objects;

/**
 * The code around a cursor, to retrieve repository context for.
 *
 * @param path   repository-relative path of the file being edited, or empty when unknown (imports then resolve
 *               only where they are absolute)
 * @param prefix the code before the cursor
 * @param suffix the code after it
 * @param limit  at most this many candidates are returned (1 or more)
 * @param recent files the client has open or has just edited, most recent first ({@link RecentFiles})
 */
public record CursorRequest(String path, String prefix, String suffix, int limit, List<RecentFile> recent) {
    public CursorRequest {
        Objects.requireNonNull(prefix, "prefix");
        recent = recent == null ? List.of() : List.copyOf(recent);
        path = path == null ? "" : path;
        suffix = suffix == null ? "" : suffix;
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1: " + limit);
        }
    }

    /** A request without recent files. */
    public CursorRequest(String path, String prefix, String suffix, int limit) {
        this(path, prefix, suffix, limit, List.of());
    }
}
