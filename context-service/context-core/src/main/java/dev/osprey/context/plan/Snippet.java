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
 * @param skeleton  a shorter stand-in for {@code text} (a definition's doc and signature) that planners send when
 *                  {@code text} does not fit, or empty when there is none
 * @param reason    why it was retrieved, for provenance, or empty
 */
public record Snippet(String path, int startLine, int endLine, String symbol, String text, double score,
                      String skeleton, String reason) {
    public Snippet {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(text, "text");
        symbol = symbol == null ? "" : symbol;
        skeleton = skeleton == null ? "" : skeleton;
        reason = reason == null ? "" : reason;
    }

    /** A snippet without a skeleton or a recorded reason. */
    public Snippet(String path, int startLine, int endLine, String symbol, String text, double score) {
        this(path, startLine, endLine, symbol, text, score, "", "");
    }

    /**
     * Whether the code at the cursor was tied to this snippet (a resolved definition: it has a skeleton) or the
     * client chose it (an infinite score): such snippets may grow an infill window, text found by search alone may not.
     */
    public boolean evidenced() {
        return !skeleton.isEmpty() || score == Double.POSITIVE_INFINITY;
    }

    /** {@code path:start-end}, for provenance. */
    public String label() {
        return path + ":" + startLine + "-" + endLine;
    }

    /** This snippet with {@code text} replaced (by a cut or its skeleton), keeping the rest. */
    Snippet withText(String newText, int newEndLine) {
        return new Snippet(path, startLine, newEndLine, symbol, newText, score, skeleton, reason);
    }
}
