package dev.osprey.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class OpenAiDurationTest {
    private static String f(Duration d) {
        return OpenAiDuration.format(d);
    }

    @Test
    void formatsLikeOpenAiHeaders() {
        assertThat(f(Duration.ZERO)).isEqualTo("0s");
        assertThat(f(Duration.ofMillis(-5))).isEqualTo("0s");
        assertThat(f(Duration.ofMillis(20))).isEqualTo("20ms");
        assertThat(f(Duration.ofSeconds(1))).isEqualTo("1s");
        assertThat(f(Duration.ofMillis(8640))).isEqualTo("8.64s");
        assertThat(f(Duration.ofMinutes(6))).isEqualTo("6m0s");
        assertThat(f(Duration.ofMillis(72_528))).isEqualTo("1m12.528s");
        assertThat(f(Duration.ofMillis(60_500))).isEqualTo("1m0.5s");
        assertThat(f(Duration.ofHours(1))).isEqualTo("1h0m0s");
        assertThat(f(Duration.ofSeconds(3661).plusMillis(500))).isEqualTo("1h1m1.5s");
    }

    @Test
    void roundsUpToTheMillisecond() {
        assertThat(f(Duration.ofNanos(1))).isEqualTo("1ms");
        assertThat(f(Duration.ofNanos(20_000_001))).isEqualTo("21ms");
        assertThat(f(Duration.ofNanos(999_000_001))).isEqualTo("1s");
        assertThat(f(Duration.ofSeconds(59).plusNanos(999_999_999))).isEqualTo("1m0s");
    }
}
