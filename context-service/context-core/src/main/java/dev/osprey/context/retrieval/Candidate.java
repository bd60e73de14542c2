package dev.osprey.context.retrieval;

import java.util.Objects;

/**
 * One piece of repository context for a cursor.
 *
 * @param path      repository-relative path
 * @param startLine first line of {@code body}, 1-based
 * @param endLine   last line of {@code body}
 * @param symbol    the definition's symbol ({@code Shape.area}), or empty for text found by BM25 alone
 * @param skeleton  the definition's doc comment and signature (a container's members' signatures too), or empty when
 *                  there is no definition: sent instead of {@code body} when room is short
 * @param body      lines {@code startLine..endLine}
 * @param score     how it ranked
 * @param reason    why it was chosen, for provenance: {@code imported as E (line 1 before the cursor); total ...}
 */
public record Candidate(String path, int startLine, int endLine, String symbol, String skeleton, String body,
                        Score score, String reason) {
    public Candidate {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(skeleton, "skeleton");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(score, "score");
        Objects.requireNonNull(reason, "reason");
    }
}
