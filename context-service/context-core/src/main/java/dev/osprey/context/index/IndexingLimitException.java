package dev.osprey.context.index;

/** An indexing job went beyond one of its {@link IndexingLimits}; the index was not changed. */
public final class IndexingLimitException extends RuntimeException {
    /** Which limit was exceeded. */
    public enum Limit { FILES, BYTES, DURATION }

    private final Limit limit;

    public IndexingLimitException(Limit limit, String message) {
        super(message);
        this.limit = limit;
    }

    public Limit limit() {
        return limit;
    }
}
