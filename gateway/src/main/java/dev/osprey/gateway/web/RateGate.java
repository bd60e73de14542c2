package dev.osprey.gateway.web;

import dev.osprey.gateway.access.Permit;
import dev.osprey.gateway.access.RateDecision;
import dev.osprey.gateway.access.RateLimitHeaders;
import dev.osprey.gateway.access.RateLimiter;
import dev.osprey.gateway.openai.ApiException;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Per-key rate limits at the HTTP edge: admits a request with a token estimate (429 with
 * {@code Retry-After} and {@code x-ratelimit-*} headers when a bucket is short), and settles the
 * estimate with the real count when the response ends. Anonymous callers (no keys configured) pass.
 */
@Component
public class RateGate {
    private final RateLimiter limiter;

    public RateGate(RateLimiter limiter) {
        this.limiter = limiter;
    }

    /** An admitted request: its permit (absent for anonymous callers) and the headers to send. */
    public record Admission(Optional<Permit> permit, Map<String, String> headers) {
        static final Admission OPEN = new Admission(Optional.empty(), Map.of());
    }

    public Admission admit(Caller caller, long estimatedTokens) {
        if (caller.key().isEmpty()) {
            return Admission.OPEN;
        }
        RateDecision decision = limiter.tryAcquire(caller.key().get(), estimatedTokens);
        return switch (decision) {
            case RateDecision.Allowed allowed -> new Admission(Optional.of(allowed.permit()),
                    headers(allowed.headers(), caller));
            case RateDecision.Refused refused -> throw new ApiException(429, refused.limit() == RateDecision.Limit.TOKENS
                    ? "tokens" : "requests", null, "rate_limit_exceeded", refused.message(),
                    refused.tooLarge() ? null : refused.retryAfter(), headers(refused.headers(), caller));
        };
    }

    /** Replaces the admission's estimate with what the request really used. */
    public void settle(Admission admission, long actualTokens) {
        admission.permit().ifPresent(p -> limiter.settle(p, actualTokens));
    }

    private static Map<String, String> headers(RateLimitHeaders headers, Caller caller) {
        var key = caller.key().orElseThrow();
        return key.limits().limitsRequests() || key.limits().limitsTokens() ? headers.asMap() : Map.of();
    }
}
