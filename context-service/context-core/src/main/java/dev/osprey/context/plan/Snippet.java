package dev.osprey.context.plan;

import java.util.Objects;

/**
 * A piece of repository code retrieved for a request.
 *
 * @param path      repository-relative path
 * @param startLine first line, 1-based
 * @param endLine   last line, inclusive
 * @param symbol    enclosing symbol ({@code Outer.method}), or empty
 * @param text      the lines
 * @param score     retrieval score: higher is more relevant
 */
public record Snippet(String path, int startLine, int endLine, String symbol, String text, double score) {
    public Snippet {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(text, "text");
        symbol = symbol == null ? "" : symbol;
    }

    /** {@code path:start-end}, for provenance. */
    public String label() {
        return path + ":" + startLine + "-" + endLine;
    }
}
