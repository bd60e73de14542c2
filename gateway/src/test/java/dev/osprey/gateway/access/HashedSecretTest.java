package dev.osprey.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class HashedSecretTest {
    private static final String KEY = "sk-osprey-3f9a1c7e5b2d4a6c8e0f1a3b5c7d9e1f";

    @Test
    void aKeyMatchesOnlyItself() {
        HashedSecret secret = HashedSecret.hash(KEY);
        assertThat(secret.matches(KEY)).isTrue();
        assertThat(secret.matches(KEY + "x")).isFalse();
        assertThat(secret.matches(KEY.substring(0, KEY.length() - 1))).isFalse();
        assertThat(secret.matches(KEY.toUpperCase())).isFalse();
        assertThat(secret.matches("")).isFalse();
    }

    @Test
    void theStoredFormNeverContainsThePlainKey() {
        HashedSecret secret = HashedSecret.parse(KEY);
        String stored = secret.toString();
        assertThat(stored).startsWith("sha256:").doesNotContain(KEY).doesNotContain("osprey")
                .matches("sha256:[0-9a-f]{32}:[0-9a-f]{64}");
    }

    @Test
    void equalKeysGetDifferentSaltsAndHashes() {
        assertThat(HashedSecret.hash(KEY).toString()).isNotEqualTo(HashedSecret.hash(KEY).toString());
    }

    @Test
    void theStoredFormRoundTrips() {
        HashedSecret stored = HashedSecret.parse(HashedSecret.hash(KEY).toString());
        assertThat(stored.matches(KEY)).isTrue();
        assertThat(stored.matches("sk-other")).isFalse();
    }

    @Test
    void theDigestIsSha256OfSaltThenKey() throws Exception {
        byte[] salt = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(salt);
        String expected = HexFormat.of().formatHex(sha.digest(KEY.getBytes(StandardCharsets.UTF_8)));
        assertThat(HashedSecret.hash(KEY, salt).toString())
                .isEqualTo("sha256:000102030405060708090a0b0c0d0e0f:" + expected);
    }

    @Test
    void acceptsTheUnsaltedSha256sumForm() throws Exception {
        String hex = HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(KEY.getBytes(StandardCharsets.UTF_8)));
        HashedSecret secret = HashedSecret.parse("sha256:" + hex);
        assertThat(secret.matches(KEY)).isTrue();
        assertThat(secret.matches("sha256:" + hex)).isFalse();
        assertThat(secret.toString()).isEqualTo("sha256:" + hex);
    }

    @Test
    void rejectsMalformedStoredForms() {
        assertThatThrownBy(() -> HashedSecret.parse("sha256:abc")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HashedSecret.parse("sha256:zz:" + "0".repeat(64)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HashedSecret.parse("sha256::" + "0".repeat(64)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HashedSecret.parse("")).isInstanceOf(IllegalArgumentException.class);
    }
}
