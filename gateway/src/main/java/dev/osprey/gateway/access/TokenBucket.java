package dev.osprey.gateway.access;

import java.time.Duration;

/**
 * A token bucket that refills continuously at {@code capacity} tokens per minute and holds at most
 * {@code capacity}. Arithmetic is exact: the level is kept in units of 1/60,000,000,000 token (one token per
 * minute refills one unit per nanosecond), so refill, {@link #waitFor} and {@link #untilFull} have no rounding
 * drift; waits round up to the next nanosecond.
 *
 * <p>The level may go below zero (a debt), but only through {@link #charge} when a completion used more
 * tokens than admitted; the debt is capped at one full bucket.
 *
 * <p>Not thread-safe: {@link RateLimiter} guards each key's buckets with one lock.
 */
public final class TokenBucket {
    /** Units per token: nanoseconds per minute. */
    static final long UNIT = 60_000_000_000L;
    /** Largest capacity whose arithmetic fits in a long with a full bucket of debt. */
    public static final long MAX_CAPACITY = 75_000_000L;

    private final long capacity;   // tokens per minute
    private final long full;       // capacity * UNIT
    private long level;            // units, in [-full, full]
    private long updatedNanos;

    /** A full bucket at time {@code nowNanos}. */
    public TokenBucket(long capacity, long nowNanos) {
        checkCapacity(capacity, "capacity");
        if (capacity == 0) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
        this.full = capacity * UNIT;
        this.level = full;
        this.updatedNanos = nowNanos;
    }

    static void checkCapacity(long capacity, String what) {
        if (capacity < 0 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException(what + " must be between 0 and " + MAX_CAPACITY + ", got " + capacity);
        }
    }

    /** A bucket with a new capacity that keeps this one's level (clipped to the new capacity). */
    TokenBucket resized(long newCapacity, long nowNanos) {
        refill(nowNanos);
        TokenBucket next = new TokenBucket(newCapacity, nowNanos);
        next.level = Math.max(-next.full, Math.min(next.full, level / capacity * newCapacity));
        return next;
    }

    public long capacity() {
        return capacity;
    }

    /** Adds what has dripped in since the last update. A clock that went backwards adds nothing. */
    public void refill(long nowNanos) {
        long elapsed = nowNanos - updatedNanos;
        if (elapsed <= 0) {
            return;
        }
        updatedNanos = nowNanos;
        long room = full - level;                           // in [0, 2 * full], fits a long
        level = elapsed >= ceilDiv(room, capacity) ? full : level + elapsed * capacity;
    }

    /** Whole tokens available now (0 while in debt). Call {@link #refill} first. */
    public long available() {
        return Math.max(0, level / UNIT);
    }

    /** Whether {@code tokens} can be taken now. */
    public boolean has(long tokens) {
        return tokens <= capacity && level >= tokens * UNIT;
    }

    /** Time until {@code tokens} ({@code <= capacity}) are available; zero if they are now. */
    public Duration waitFor(long tokens) {
        if (tokens > capacity) {
            throw new IllegalArgumentException(tokens + " tokens never fit a bucket of " + capacity);
        }
        long missing = tokens * UNIT - level;
        return missing <= 0 ? Duration.ZERO : Duration.ofNanos(ceilDiv(missing, capacity));
    }

    /** Time until the bucket is full again (OpenAI's {@code x-ratelimit-reset-*}). */
    public Duration untilFull() {
        return Duration.ofNanos(ceilDiv(full - level, capacity));
    }

    /** Takes {@code tokens} that {@link #has} said are there. */
    public void take(long tokens) {
        if (!has(tokens)) {
            throw new IllegalStateException("bucket holds fewer than " + tokens + " tokens");
        }
        level -= tokens * UNIT;
    }

    /** Takes {@code tokens} whether or not they are there, going at most one full bucket into debt. */
    public void charge(long tokens) {
        long debit = tokens >= 2 * capacity ? 2 * full : tokens * UNIT;
        level = debit >= level + full ? -full : level - debit;
    }

    /** Gives back {@code tokens} (never above capacity). */
    public void refund(long tokens) {
        long credit = tokens >= 2 * capacity ? 2 * full : tokens * UNIT;
        level = credit >= full - level ? full : level + credit;
    }

    private static long ceilDiv(long a, long b) {
        return Math.ceilDiv(Math.max(0, a), b);
    }
}
