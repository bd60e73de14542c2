package dev.osprey.gateway.batch;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Ids in OpenAI's shapes ({@code file-…}, {@code batch_…}, {@code batch_req_…}, {@code req_…}). File and
 * batch ids start with a time-ordered part (microseconds of the clock, strictly increasing within a
 * process), so that sorting ids sorts by creation, newest last, across restarts. Thread-safe.
 */
final class BatchIds {
    /** What a stored id may look like: nothing that could leave the store's directory. */
    static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_-]{1,96}");

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong last = new AtomicLong();

    BatchIds(Clock clock) {
        this.clock = clock;
    }

    String file() {
        return "file-" + ordered();
    }

    String batch() {
        return "batch_" + ordered();
    }

    String resultLine() {
        return "batch_req_" + randomHex(12);
    }

    String request() {
        return "req_" + randomHex(16);
    }

    private String ordered() {
        long now = clock.millis() * 1000;
        long t = last.updateAndGet(prev -> Math.max(prev + 1, now));
        return String.format("%014x", t) + randomHex(6);
    }

    private String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
