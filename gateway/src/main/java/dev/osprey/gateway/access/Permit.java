package dev.osprey.gateway.access;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An admitted request's claim on its key's buckets. Once the completion ends, {@link RateLimiter#settle}
 * replaces the token estimate with the real count; it is applied at most once.
 */
public final class Permit {
    private final ApiKey key;
    private final long requests;
    private final long estimatedTokens;
    private final AtomicBoolean settled = new AtomicBoolean();

    Permit(ApiKey key, long requests, long estimatedTokens) {
        this.key = key;
        this.requests = requests;
        this.estimatedTokens = estimatedTokens;
    }

    public ApiKey key() {
        return key;
    }

    public long requests() {
        return requests;
    }

    public long estimatedTokens() {
        return estimatedTokens;
    }

    /** Marks the permit settled; false if it already was. */
    boolean markSettled() {
        return settled.compareAndSet(false, true);
    }
}
