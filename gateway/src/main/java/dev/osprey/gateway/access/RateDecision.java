package dev.osprey.gateway.access;

import java.time.Duration;

/** The outcome of {@link RateLimiter#tryAcquire}; both kinds carry the headers to send. */
public sealed interface RateDecision {

    RateLimitHeaders headers();

    /** Which bucket refused. */
    enum Limit {
        REQUESTS("requests per min (RPM)"),
        TOKENS("tokens per min (TPM)");

        private final String label;

        Limit(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** Admitted; {@code permit} settles the token estimate once the real count is known. */
    record Allowed(Permit permit, RateLimitHeaders headers) implements RateDecision {}

    /**
     * Refused (HTTP 429). {@code retryAfter} is the exact wait until both buckets hold what was asked;
     * when {@code tooLarge}, the request exceeds the limit itself and no wait helps ({@code retryAfter} is
     * zero).
     */
    record Refused(String keyName, Limit limit, long limitValue, long requested, Duration retryAfter,
                   boolean tooLarge, RateLimitHeaders headers) implements RateDecision {
        /** The message for OpenAI's {@code rate_limit_exceeded} error body. */
        public String message() {
            if (tooLarge) {
                return "Request too large for key '" + keyName + "' on " + limit.label() + ": Limit " + limitValue
                        + ", Requested " + requested + ". The input or output tokens must be reduced.";
            }
            return "Rate limit reached for key '" + keyName + "' on " + limit.label() + ": Limit " + limitValue
                    + ", Requested " + requested + ". Please try again in " + OpenAiDuration.format(retryAfter) + ".";
        }

        /** Whole seconds for a {@code Retry-After} header, rounded up. */
        public long retryAfterSeconds() {
            return Math.ceilDiv(retryAfter.toNanos(), 1_000_000_000L);
        }
    }

    default boolean isAllowed() {
        return this instanceof Allowed;
    }
}
