package dev.osprey.internalauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceTokenTest {

    @Test
    void matchesOnlyItsOwnSecret() {
        ServiceToken token = ServiceToken.of("0123456789abcdef-secret", "test");
        assertThat(token.matches("0123456789abcdef-secret")).isTrue();
        assertThat(token.matches("0123456789abcdef-secreT")).isFalse();
        assertThat(token.matches("")).isFalse();
        assertThat(token.matches(null)).isFalse();
        assertThat(token.toString()).doesNotContain("secret");
    }

    @Test
    void refusesShortOrUnprintableSecrets() {
        assertThatThrownBy(() -> ServiceToken.of("short", "osprey.internal.service-token"))
                .hasMessageContaining("osprey.internal.service-token must be at least 16 characters, but has 5");
        assertThatThrownBy(() -> ServiceToken.of("0123456789 abcdef", "x"))
                .hasMessageContaining("printable ASCII without spaces (character 10");
        assertThatThrownBy(() -> ServiceToken.of("0123456789abcdefé", "x"))
                .hasMessageContaining("character 16");
    }

    @Test
    void resolvesFromValueOrFirstLineOfFile(@TempDir Path dir) throws Exception {
        assertThat(ServiceToken.resolve(null, null)).isEmpty();
        assertThat(ServiceToken.resolve("  ", "")).isEmpty();
        assertThat(ServiceToken.resolve(" 0123456789abcdef ", null).orElseThrow().matches("0123456789abcdef")).isTrue();
        Path file = Files.writeString(dir.resolve("token"), "fedcba9876543210\nignored\n");
        assertThat(ServiceToken.resolve(null, file.toString()).orElseThrow().matches("fedcba9876543210")).isTrue();
        assertThatThrownBy(() -> ServiceToken.resolve("0123456789abcdef", file.toString()))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> ServiceToken.resolve(null, dir.resolve("missing").toString()))
                .hasMessageContaining("osprey.internal.service-token-file").hasMessageContaining("cannot be read");
    }

    @Test
    void randomTokensAreLongAndDistinct() {
        ServiceToken a = ServiceToken.random();
        ServiceToken b = ServiceToken.random();
        assertThat(a.secret()).hasSizeGreaterThanOrEqualTo(43);
        assertThat(a.matches(b.secret())).isFalse();
        assertThat(ServiceToken.of(a.secret(), "random").matches(a.secret())).isTrue();
    }
}
