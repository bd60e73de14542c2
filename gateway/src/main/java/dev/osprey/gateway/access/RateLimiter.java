package dev.osprey.gateway.access;

import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * Per-key requests-per-minute and tokens-per-minute limits, as two {@link TokenBucket}s per key.
 *
 * <p>A request is admitted only if both buckets hold what it asks for, and then both are debited in one
 * step: a refusal takes nothing. Before the completion, the token count is an estimate (prompt tokens plus
 * {@code max_tokens}, say); {@link #settle} replaces it with the real count, refunding or charging the
 * difference.
 *
 * <p>Thread-safe: each key's buckets sit behind their own lock, so keys do not contend with each other.
 * Keys are identified by name; when a reload changes a key's limits, its buckets are resized keeping
 * their fill level (no fresh burst).
 */
public final class RateLimiter {
    private final LongSupplier nanoClock;
    private final ConcurrentMap<String, KeyState> states = new ConcurrentHashMap<>();

    /** @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime} in production) */
    public RateLimiter(LongSupplier nanoClock) {
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    public static RateLimiter systemClock() {
        return new RateLimiter(System::nanoTime);
    }

    /**
     * Admits {@code requests} requests and {@code tokens} estimated tokens for {@code key}, or says why not
     * and for how long.
     */
    public RateDecision tryAcquire(ApiKey key, long requests, long tokens) {
        if (requests < 0 || tokens < 0) {
            throw new IllegalArgumentException("requests and tokens must be non-negative");
        }
        KeyState state = state(key);
        synchronized (state) {
            long now = nanoClock.getAsLong();
            state.refresh(key.limits(), now);
            RateDecision.Refused tooLarge = state.tooLarge(key.name(), requests, tokens);
            if (tooLarge != null) {
                return tooLarge;
            }
            Duration requestWait = state.requests == null ? Duration.ZERO : state.requests.waitFor(requests);
            Duration tokenWait = state.tokens == null ? Duration.ZERO : state.tokens.waitFor(tokens);
            if (requestWait.isZero() && tokenWait.isZero()) {
                if (state.requests != null) {
                    state.requests.take(requests);
                }
                if (state.tokens != null) {
                    state.tokens.take(tokens);
                }
                return new RateDecision.Allowed(new Permit(key, requests, tokens), state.headers());
            }
            boolean tokensBind = tokenWait.compareTo(requestWait) > 0;
            return new RateDecision.Refused(key.name(),
                    tokensBind ? RateDecision.Limit.TOKENS : RateDecision.Limit.REQUESTS,
                    tokensBind ? state.limits.tokensPerMinute() : state.limits.requestsPerMinute(),
                    tokensBind ? tokens : requests,
                    tokensBind ? tokenWait : requestWait, false, state.headers());
        }
    }

    /** {@link #tryAcquire} for one request. */
    public RateDecision tryAcquire(ApiKey key, long estimatedTokens) {
        return tryAcquire(key, 1, estimatedTokens);
    }

    /**
     * Replaces the permit's token estimate with {@code actualTokens}: refunds what was over-estimated
     * (up to capacity) or charges what was under-estimated (possibly into debt, so later requests wait).
     * Call once, when the completion ends (also when it fails or is cancelled, with what was used);
     * later calls for the same permit do nothing.
     *
     * @return the headers after settlement
     */
    public RateLimitHeaders settle(Permit permit, long actualTokens) {
        if (actualTokens < 0) {
            throw new IllegalArgumentException("actualTokens must be non-negative");
        }
        KeyState state = state(permit.key());
        synchronized (state) {
            state.refresh(permit.key().limits(), nanoClock.getAsLong());
            if (permit.markSettled() && state.tokens != null) {
                long difference = actualTokens - permit.estimatedTokens();
                if (difference > 0) {
                    state.tokens.charge(difference);
                } else if (difference < 0) {
                    state.tokens.refund(-difference);
                }
            }
            return state.headers();
        }
    }

    /** The key's current headers, without taking anything. */
    public RateLimitHeaders headers(ApiKey key) {
        KeyState state = state(key);
        synchronized (state) {
            state.refresh(key.limits(), nanoClock.getAsLong());
            return state.headers();
        }
    }

    /** Forgets keys that are no longer configured (call after a reload). */
    public void retainOnly(Collection<ApiKey> keys) {
        var names = keys.stream().map(ApiKey::name).collect(Collectors.toSet());
        states.keySet().retainAll(names);
    }

    private KeyState state(ApiKey key) {
        return states.computeIfAbsent(key.name(), n -> new KeyState());
    }

    /** One key's buckets; a null bucket is an unlimited dimension. Guarded by its own monitor. */
    private static final class KeyState {
        RateLimits limits;
        TokenBucket requests;
        TokenBucket tokens;

        void refresh(RateLimits wanted, long now) {
            if (!wanted.equals(limits)) {
                requests = rebuild(requests, wanted.requestsPerMinute(), now);
                tokens = rebuild(tokens, wanted.tokensPerMinute(), now);
                limits = wanted;
            }
            if (requests != null) {
                requests.refill(now);
            }
            if (tokens != null) {
                tokens.refill(now);
            }
        }

        private static TokenBucket rebuild(TokenBucket old, long capacity, long now) {
            if (capacity == 0) {
                return null;
            }
            if (old == null) {
                return new TokenBucket(capacity, now);
            }
            return old.capacity() == capacity ? old : old.resized(capacity, now);
        }

        RateDecision.Refused tooLarge(String name, long requestCount, long tokenCount) {
            if (requests != null && requestCount > requests.capacity()) {
                return new RateDecision.Refused(name, RateDecision.Limit.REQUESTS, requests.capacity(), requestCount,
                        Duration.ZERO, true, headers());
            }
            if (tokens != null && tokenCount > tokens.capacity()) {
                return new RateDecision.Refused(name, RateDecision.Limit.TOKENS, tokens.capacity(), tokenCount,
                        Duration.ZERO, true, headers());
            }
            return null;
        }

        RateLimitHeaders headers() {
            return new RateLimitHeaders(
                    limits.requestsPerMinute(), limits.tokensPerMinute(),
                    requests == null ? 0 : requests.available(), tokens == null ? 0 : tokens.available(),
                    requests == null ? Duration.ZERO : requests.untilFull(),
                    tokens == null ? Duration.ZERO : tokens.untilFull());
        }
    }
}
