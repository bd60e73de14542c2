package dev.osprey.gateway.access;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The state of a key's buckets as OpenAI reports it. A limit of {@code 0} means that dimension is not
 * limited, and its headers are left out.
 *
 * @param limitRequests     requests per minute
 * @param limitTokens       tokens per minute
 * @param remainingRequests whole requests available now
 * @param remainingTokens   whole tokens available now
 * @param resetRequests     time until the requests bucket is full again
 * @param resetTokens       time until the tokens bucket is full again
 */
public record RateLimitHeaders(long limitRequests, long limitTokens, long remainingRequests, long remainingTokens,
                               Duration resetRequests, Duration resetTokens) {

    /** For a key without any limit: no headers. */
    public static final RateLimitHeaders NONE = new RateLimitHeaders(0, 0, 0, 0, Duration.ZERO, Duration.ZERO);

    /** Header name to value, in OpenAI's order, only for the limited dimensions. */
    public Map<String, String> asMap() {
        Map<String, String> headers = new LinkedHashMap<>();
        if (limitRequests > 0) {
            headers.put("x-ratelimit-limit-requests", Long.toString(limitRequests));
        }
        if (limitTokens > 0) {
            headers.put("x-ratelimit-limit-tokens", Long.toString(limitTokens));
        }
        if (limitRequests > 0) {
            headers.put("x-ratelimit-remaining-requests", Long.toString(remainingRequests));
        }
        if (limitTokens > 0) {
            headers.put("x-ratelimit-remaining-tokens", Long.toString(remainingTokens));
        }
        if (limitRequests > 0) {
            headers.put("x-ratelimit-reset-requests", OpenAiDuration.format(resetRequests));
        }
        if (limitTokens > 0) {
            headers.put("x-ratelimit-reset-tokens", OpenAiDuration.format(resetTokens));
        }
        return headers;
    }
}
