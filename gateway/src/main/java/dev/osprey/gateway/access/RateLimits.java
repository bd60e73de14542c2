package dev.osprey.gateway.access;

/**
 * A key's limits per minute. {@code 0} means "no limit" for that dimension.
 *
 * @param requestsPerMinute requests admitted per minute (the requests bucket's capacity), 0 = unlimited
 * @param tokensPerMinute   prompt + completion tokens per minute (the tokens bucket's capacity), 0 = unlimited
 */
public record RateLimits(long requestsPerMinute, long tokensPerMinute) {
    /** No limit on either dimension. */
    public static final RateLimits UNLIMITED = new RateLimits(0, 0);

    public RateLimits {
        TokenBucket.checkCapacity(requestsPerMinute, "requestsPerMinute");
        TokenBucket.checkCapacity(tokensPerMinute, "tokensPerMinute");
    }

    public boolean limitsRequests() {
        return requestsPerMinute > 0;
    }

    public boolean limitsTokens() {
        return tokensPerMinute > 0;
    }
}
