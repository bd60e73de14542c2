package dev.osprey.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final RateLimiter limiter = new RateLimiter(nanos::get);

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    private static ApiKey key(long rpm, long tpm) {
        return new ApiKey("alice", new RateLimits(rpm, tpm));
    }

    @Test
    void burstUpToCapacityThenRefusalWithTheExactWait() {
        ApiKey key = key(3, 1000);
        for (int i = 0; i < 3; i++) {
            RateDecision d = limiter.tryAcquire(key, 100);
            assertThat(d.isAllowed()).isTrue();
            assertThat(d.headers().remainingRequests()).isEqualTo(2 - i);
        }
        RateDecision refused = limiter.tryAcquire(key, 100);
        assertThat(refused).isInstanceOfSatisfying(RateDecision.Refused.class, r -> {
            assertThat(r.limit()).isEqualTo(RateDecision.Limit.REQUESTS);
            assertThat(r.retryAfter()).isEqualTo(Duration.ofSeconds(20)); // one request at 3/min
            assertThat(r.retryAfterSeconds()).isEqualTo(20);
            assertThat(r.tooLarge()).isFalse();
            assertThat(r.message()).isEqualTo("Rate limit reached for key 'alice' on requests per min (RPM): "
                    + "Limit 3, Requested 1. Please try again in 20s.");
        });

        advance(Duration.ofSeconds(20).minusNanos(1));
        assertThat(((RateDecision.Refused) limiter.tryAcquire(key, 100)).retryAfter()).isEqualTo(Duration.ofNanos(1));
        advance(Duration.ofNanos(1));
        assertThat(limiter.tryAcquire(key, 100).isAllowed()).isTrue();
        assertThat(limiter.tryAcquire(key, 100).isAllowed()).isFalse();
    }

    @Test
    void refillsContinuouslyUpToCapacityOnly() {
        ApiKey key = key(60, 0);
        for (int i = 0; i < 60; i++) {
            assertThat(limiter.tryAcquire(key, 0).isAllowed()).isTrue();
        }
        assertThat(limiter.headers(key).remainingRequests()).isZero();
        advance(Duration.ofMillis(2500));
        assertThat(limiter.headers(key).remainingRequests()).isEqualTo(2);
        advance(Duration.ofHours(1));
        assertThat(limiter.headers(key).remainingRequests()).isEqualTo(60);
        assertThat(limiter.headers(key).resetRequests()).isZero();
    }

    @Test
    void theTokensLimitIsIndependentOfTheRequestsLimit() {
        ApiKey key = key(100, 1000);
        assertThat(limiter.tryAcquire(key, 600).isAllowed()).isTrue();
        RateDecision refused = limiter.tryAcquire(key, 600);
        assertThat(refused).isInstanceOfSatisfying(RateDecision.Refused.class, r -> {
            assertThat(r.limit()).isEqualTo(RateDecision.Limit.TOKENS);
            assertThat(r.retryAfter()).isEqualTo(Duration.ofSeconds(12)); // 200 tokens at 1000/min
            assertThat(r.limitValue()).isEqualTo(1000);
            assertThat(r.requested()).isEqualTo(600);
        });
        // a refusal takes nothing from either bucket
        assertThat(refused.headers().remainingRequests()).isEqualTo(99);
        assertThat(refused.headers().remainingTokens()).isEqualTo(400);
        assertThat(limiter.tryAcquire(key, 400).isAllowed()).isTrue();
    }

    @Test
    void theLongerWaitDecidesWhenBothAreShort() {
        ApiKey key = key(1, 1000);
        assertThat(limiter.tryAcquire(key, 1000).isAllowed()).isTrue();
        RateDecision.Refused r = (RateDecision.Refused) limiter.tryAcquire(key, 1000);
        assertThat(r.limit()).isEqualTo(RateDecision.Limit.REQUESTS); // both 60s; requests reported on a tie
        assertThat(r.retryAfter()).isEqualTo(Duration.ofMinutes(1));
        advance(Duration.ofSeconds(30));
        r = (RateDecision.Refused) limiter.tryAcquire(key, 1000);
        assertThat(r.retryAfter()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aRequestAboveTheLimitItselfIsTooLarge() {
        RateDecision.Refused r = (RateDecision.Refused) limiter.tryAcquire(key(10, 1000), 1001);
        assertThat(r.tooLarge()).isTrue();
        assertThat(r.retryAfter()).isZero();
        assertThat(r.message()).startsWith("Request too large for key 'alice' on tokens per min (TPM): Limit 1000, "
                + "Requested 1001.");
    }

    @Test
    void settlementRefundsOrChargesTheDifferenceOnce() {
        ApiKey key = key(0, 1000);
        RateDecision.Allowed a = (RateDecision.Allowed) limiter.tryAcquire(key, 500);
        assertThat(a.headers().remainingTokens()).isEqualTo(500);
        assertThat(limiter.settle(a.permit(), 200).remainingTokens()).isEqualTo(800);
        assertThat(limiter.settle(a.permit(), 0).remainingTokens()).isEqualTo(800); // settled already

        RateDecision.Allowed b = (RateDecision.Allowed) limiter.tryAcquire(key, 100);
        assertThat(limiter.settle(b.permit(), 400).remainingTokens()).isEqualTo(400);
    }

    @Test
    void anUnderestimateCanPutTheKeyInDebt() {
        ApiKey key = key(0, 1000);
        RateDecision.Allowed a = (RateDecision.Allowed) limiter.tryAcquire(key, 100);
        RateLimitHeaders after = limiter.settle(a.permit(), 1900); // level 1000 - 1900 = -900
        assertThat(after.remainingTokens()).isZero();
        assertThat(after.resetTokens()).isEqualTo(Duration.ofSeconds(114)); // 1900 tokens at 1000/min
        RateDecision.Refused r = (RateDecision.Refused) limiter.tryAcquire(key, 100);
        assertThat(r.retryAfter()).isEqualTo(Duration.ofSeconds(60)); // 900 debt + 100
    }

    @Test
    void refundsNeverExceedCapacity() {
        ApiKey key = key(0, 1000);
        RateDecision.Allowed a = (RateDecision.Allowed) limiter.tryAcquire(key, 100);
        advance(Duration.ofMinutes(1));
        assertThat(limiter.settle(a.permit(), 0).remainingTokens()).isEqualTo(1000);
        assertThat(limiter.headers(key).resetTokens()).isZero();
    }

    @Test
    void headersCarryOpenAiNamesAndFormats() {
        ApiKey key = key(3, 1000);
        limiter.tryAcquire(key, 100);
        limiter.tryAcquire(key, 100);
        limiter.tryAcquire(key, 100);
        Map<String, String> headers = limiter.tryAcquire(key, 100).headers().asMap();
        assertThat(headers).containsExactly(
                Map.entry("x-ratelimit-limit-requests", "3"),
                Map.entry("x-ratelimit-limit-tokens", "1000"),
                Map.entry("x-ratelimit-remaining-requests", "0"),
                Map.entry("x-ratelimit-remaining-tokens", "700"),
                Map.entry("x-ratelimit-reset-requests", "1m0s"),
                Map.entry("x-ratelimit-reset-tokens", "18s"));
        advance(Duration.ofMillis(1500));
        assertThat(limiter.headers(key).asMap()).containsEntry("x-ratelimit-reset-requests", "58.5s")
                .containsEntry("x-ratelimit-reset-tokens", "16.5s")
                .containsEntry("x-ratelimit-remaining-tokens", "725");
    }

    @Test
    void unlimitedDimensionsSendNoHeaders() {
        assertThat(limiter.tryAcquire(key(0, 0), 1_000_000).headers().asMap()).isEmpty();
        assertThat(limiter.tryAcquire(key(0, 50), 5).headers().asMap()).containsOnlyKeys(
                "x-ratelimit-limit-tokens", "x-ratelimit-remaining-tokens", "x-ratelimit-reset-tokens");
    }

    @Test
    void changedLimitsKeepTheFillLevel() {
        assertThat(limiter.tryAcquire(key(10, 0), 0).isAllowed()).isTrue();
        for (int i = 0; i < 9; i++) {
            limiter.tryAcquire(key(10, 0), 0);
        }
        RateLimitHeaders raised = limiter.headers(key(20, 0));
        assertThat(raised.limitRequests()).isEqualTo(20);
        assertThat(raised.remainingRequests()).isZero(); // an empty bucket stays empty: no fresh burst
    }

    @Test
    void rejectsLimitsBeyondTheExactArithmetic() {
        assertThatThrownBy(() -> new RateLimits(0, TokenBucket.MAX_CAPACITY + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimits(-1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void extremeLimitsDoNotOverflow() {
        ApiKey key = key(TokenBucket.MAX_CAPACITY, TokenBucket.MAX_CAPACITY);
        RateDecision.Allowed a = (RateDecision.Allowed) limiter.tryAcquire(key, TokenBucket.MAX_CAPACITY);
        limiter.settle(a.permit(), Long.MAX_VALUE / 2); // deepest debt
        advance(Duration.ofDays(365));
        assertThat(limiter.headers(key).remainingTokens()).isEqualTo(TokenBucket.MAX_CAPACITY);
        RateDecision.Allowed b = (RateDecision.Allowed) limiter.tryAcquire(key, 1);
        assertThat(limiter.settle(b.permit(), 0).remainingTokens()).isEqualTo(TokenBucket.MAX_CAPACITY);
    }

    @Test
    void manyThreadsNeverOverAdmit() throws Exception {
        ApiKey requests = new ApiKey("requests", new RateLimits(1000, 0));
        ApiKey tokens = new ApiKey("tokens", new RateLimits(0, 5000));
        AtomicInteger admittedRequests = new AtomicInteger();
        AtomicInteger admittedTokens = new AtomicInteger();
        int threads = 16;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < 200; i++) {
                    if (limiter.tryAcquire(requests, 0).isAllowed()) {
                        admittedRequests.incrementAndGet();
                    }
                    if (limiter.tryAcquire(tokens, 7).isAllowed()) {
                        admittedTokens.incrementAndGet();
                    }
                }
            }));
        }
        start.countDown();
        for (Thread w : workers) {
            w.join();
        }
        assertThat(admittedRequests.get()).isEqualTo(1000);
        assertThat(admittedTokens.get()).isEqualTo(5000 / 7);
        assertThat(limiter.headers(tokens).remainingTokens()).isEqualTo(5000 % 7);
    }
}
