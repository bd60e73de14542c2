package dev.osprey.gateway.access;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * Formats durations the way OpenAI's {@code x-ratelimit-reset-*} headers do (Go's {@code time.Duration}
 * notation at millisecond precision): {@code "0s"}, {@code "20ms"}, {@code "1s"}, {@code "8.64s"},
 * {@code "6m0s"}, {@code "1m12.528s"}, {@code "1h0m0s"}.
 *
 * <p>Durations are rounded <em>up</em> to the millisecond, so a client that waits exactly the advertised
 * time is never early.
 */
public final class OpenAiDuration {
    private OpenAiDuration() {}

    public static String format(Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            return "0s";
        }
        long millis = Math.ceilDiv(duration.toNanos(), 1_000_000L);
        if (millis < 1000) {
            return millis + "ms";
        }
        long hours = millis / 3_600_000;
        long minutes = millis / 60_000 % 60;
        long secMillis = millis % 60_000;
        String seconds = BigDecimal.valueOf(secMillis, 3).stripTrailingZeros().toPlainString() + "s";
        if (hours > 0) {
            return hours + "h" + minutes + "m" + seconds;
        }
        if (minutes > 0) {
            return minutes + "m" + seconds;
        }
        return seconds;
    }
}
