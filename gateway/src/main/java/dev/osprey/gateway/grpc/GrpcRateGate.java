package dev.osprey.gateway.grpc;

import dev.osprey.gateway.access.ApiKey;
import dev.osprey.gateway.access.Permit;
import dev.osprey.gateway.access.RateDecision;
import dev.osprey.gateway.access.RateLimitHeaders;
import dev.osprey.gateway.access.RateLimiter;
import dev.osprey.gateway.openai.ApiException;
import java.util.Map;
import java.util.Optional;

/**
 * Per-key limits for gRPC calls, on the same {@link RateLimiter} as REST so that a key has one budget:
 * admits a call with a token estimate or refuses it (an {@link ApiException} 429 that
 * {@link GrpcErrors} turns into RESOURCE_EXHAUSTED with {@code retry-after-ms} and the
 * {@code x-ratelimit-*} trailers), and settles the estimate with the real count when the call ends.
 * Anonymous callers (no keys configured) pass.
 */
final class GrpcRateGate {
    private final RateLimiter limiter;

    GrpcRateGate(RateLimiter limiter) {
        this.limiter = limiter;
    }

    /** An admitted call's permit (absent for anonymous callers). */
    record Admission(Optional<Permit> permit) {
        static final Admission OPEN = new Admission(Optional.empty());
    }

    /** @throws ApiException 429 when a bucket of the key is short of what the call asks for */
    Admission admit(Optional<ApiKey> caller, long estimatedTokens) {
        if (caller.isEmpty()) {
            return Admission.OPEN;
        }
        ApiKey key = caller.get();
        return switch (limiter.tryAcquire(key, estimatedTokens)) {
            case RateDecision.Allowed allowed -> new Admission(Optional.of(allowed.permit()));
            case RateDecision.Refused refused -> throw new ApiException(429,
                    refused.limit() == RateDecision.Limit.TOKENS ? "tokens" : "requests", null, "rate_limit_exceeded",
                    refused.message(), refused.tooLarge() ? null : refused.retryAfter(),
                    headers(refused.headers(), key));
        };
    }

    /** Replaces the admission's estimate with what the call really used; once per admission. */
    void settle(Admission admission, long actualTokens) {
        admission.permit().ifPresent(p -> limiter.settle(p, actualTokens));
    }

    private static Map<String, String> headers(RateLimitHeaders headers, ApiKey key) {
        return key.limits().limitsRequests() || key.limits().limitsTokens() ? headers.asMap() : Map.of();
    }
}
