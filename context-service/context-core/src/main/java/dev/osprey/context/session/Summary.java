package dev.osprey.context.session;

import java.time.Instant;
import java.util.Objects;

/**
 * A compaction of a session's messages {@code 1..coversThroughSequence}, cached so that the model
 * summarises each stretch of history once.
 *
 * @param coversThroughSequence the last message sequence the summary stands for, {@code >= 1}
 * @param tokenCount tokens of {@code text}, {@code >= 0}
 * @param createdAt when it was stored; {@code null} before (the store's clock fills it in)
 */
public record Summary(long coversThroughSequence, String text, int tokenCount, SummaryMethod method,
        Instant createdAt) {
    public Summary {
        if (coversThroughSequence < 1) {
            throw new IllegalArgumentException("coversThroughSequence: must be >= 1, was " + coversThroughSequence);
        }
        if (text == null) {
            throw new IllegalArgumentException("text: must not be null");
        }
        if (tokenCount < 0) {
            throw new IllegalArgumentException("tokenCount: must be >= 0, was " + tokenCount);
        }
        if (method == null) {
            throw new IllegalArgumentException("method: must not be null");
        }
    }

    /** A summary to store; the store stamps {@code createdAt}. */
    public static Summary of(long coversThroughSequence, String text, int tokenCount, SummaryMethod method) {
        return new Summary(coversThroughSequence, text, tokenCount, method, null);
    }

    Summary stored(Instant at) {
        return new Summary(coversThroughSequence, text, tokenCount, method, Objects.requireNonNull(at));
    }
}
