package dev.osprey.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFilePollerTest {
    @TempDir
    Path dir;

    /** A clock the test moves by hand. */
    static final class FakeClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void reloadsWhenDueAndChangedAndKeepsOldKeysOnABadFile() throws IOException {
        Path file = dir.resolve("keys");
        Files.writeString(file, "one sk-one-00000000\n");
        KeyRegistry registry = new KeyRegistry(List.of(), Optional.of(file), RateLimits.UNLIMITED);
        FakeClock clock = new FakeClock();
        KeyFilePoller poller = new KeyFilePoller(registry, file, clock, Duration.ofSeconds(5));

        Files.writeString(file, "two sk-two-00000000\n");
        clock.now = clock.now.plusSeconds(4);
        assertThat(poller.poll()).isEqualTo(KeyFilePoller.Outcome.NOT_DUE);
        assertThat(registry.keys()).extracting(ApiKey::name).containsExactly("one");

        clock.now = clock.now.plusSeconds(1);
        assertThat(poller.poll()).isEqualTo(KeyFilePoller.Outcome.RELOADED);
        assertThat(registry.keys()).extracting(ApiKey::name).containsExactly("two");

        clock.now = clock.now.plusSeconds(5);
        assertThat(poller.poll()).isEqualTo(KeyFilePoller.Outcome.UNCHANGED);

        Files.writeString(file, "broken\n");
        clock.now = clock.now.plusSeconds(5);
        assertThat(poller.poll()).isEqualTo(KeyFilePoller.Outcome.FAILED);
        assertThat(poller.lastError()).hasMessageContaining(":1: expected");
        assertThat(registry.keys()).extracting(ApiKey::name).containsExactly("two");
        clock.now = clock.now.plusSeconds(5);
        assertThat(poller.poll()).isEqualTo(KeyFilePoller.Outcome.UNCHANGED);

        Files.writeString(file, "three sk-three-0000\n");
        clock.now = clock.now.plusSeconds(5);
        assertThat(poller.poll()).isEqualTo(KeyFilePoller.Outcome.RELOADED);
        assertThat(poller.lastError()).isNull();
        assertThat(registry.keys()).extracting(ApiKey::name).containsExactly("three");
    }
}
