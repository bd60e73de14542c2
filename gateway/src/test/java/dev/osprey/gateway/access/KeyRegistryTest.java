package dev.osprey.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyRegistryTest {
    private static final String ALICE = "sk-alice-0123456789abcdef";
    private static final String BOB = "sk-bob-fedcba9876543210";

    @TempDir
    Path dir;

    private final KeyRegistry registry = KeyRegistry.of(
            KeyEntry.of("alice", ALICE, new RateLimits(60, 1000)),
            KeyEntry.of("bob", HashedSecret.hash(BOB).toString(), RateLimits.UNLIMITED));

    @Test
    void aBearerKeyAuthenticatesAsItsName() {
        assertThat(registry.authenticate("Bearer " + ALICE))
                .isEqualTo(new AuthResult.Authenticated(new ApiKey("alice", new RateLimits(60, 1000))));
        assertThat(registry.authenticate("Bearer " + BOB)).isInstanceOfSatisfying(AuthResult.Authenticated.class,
                a -> assertThat(a.key().name()).isEqualTo("bob"));
        assertThat(registry.authenticate("bearer  " + ALICE + " ").isAuthenticated()).isTrue();
    }

    @Test
    void aMissingHeaderIsMissing() {
        assertThat(registry.authenticate(null)).isInstanceOf(AuthResult.MissingHeader.class);
        assertThat(registry.authenticate("  ")).isInstanceOf(AuthResult.MissingHeader.class);
        assertThat(((AuthResult.MissingHeader) registry.authenticate(null)).message())
                .contains("Authorization: Bearer YOUR_KEY");
    }

    @Test
    void malformedHeadersSayWhatIsWrong() {
        assertThat(registry.authenticate(ALICE)).isEqualTo(
                new AuthResult.MalformedHeader("the key is missing the 'Bearer ' prefix"));
        assertThat(registry.authenticate("Basic YWxpY2U6c2VjcmV0")).isEqualTo(
                new AuthResult.MalformedHeader("the scheme must be Bearer"));
        assertThat(registry.authenticate("Bearer")).isEqualTo(
                new AuthResult.MalformedHeader("no key after 'Bearer'"));
        assertThat(registry.authenticate("Bearer   ")).isEqualTo(
                new AuthResult.MalformedHeader("no key after 'Bearer'"));
        assertThat(registry.authenticate("Bearer sk-a sk-b")).isEqualTo(
                new AuthResult.MalformedHeader("the key contains whitespace or control characters"));
    }

    @Test
    void anUnknownKeyIsReportedMasked() {
        AuthResult result = registry.authenticate("Bearer sk-mallory-0123456789wxyz");
        assertThat(result).isEqualTo(new AuthResult.UnknownKey("sk-" + "*".repeat(18) + "wxyz"));
        assertThat(((AuthResult.UnknownKey) result).message())
                .isEqualTo("Incorrect API key provided: sk-******************wxyz.")
                .doesNotContain("mallory");
        assertThat(KeyRegistry.mask("short")).isEqualTo("*****");
    }

    @Test
    void keysComeFromConfigurationAndTheKeyFile() throws IOException {
        Path file = dir.resolve("keys");
        Files.writeString(file, """
                # team keys
                carol %s rpm=5 tpm=500   # hashed
                dave  sk-dave-plain-key-000

                """.formatted(HashedSecret.hash("sk-carol-secret-1234")));
        KeyRegistry both = new KeyRegistry(List.of(KeyEntry.of("alice", ALICE, RateLimits.UNLIMITED)),
                Optional.of(file), new RateLimits(10, 100));
        assertThat(both.keys()).containsExactly(
                new ApiKey("alice", RateLimits.UNLIMITED),
                new ApiKey("carol", new RateLimits(5, 500)),
                new ApiKey("dave", new RateLimits(10, 100)));
        assertThat(both.authenticate("Bearer sk-carol-secret-1234").isAuthenticated()).isTrue();
        assertThat(both.authenticate("Bearer sk-dave-plain-key-000").isAuthenticated()).isTrue();
        assertThat(both.hasKeys()).isTrue();
    }

    @Test
    void badKeyFileLinesNameTheLineAndNeverEchoTheSecret() {
        RateLimits none = RateLimits.UNLIMITED;
        assertThatThrownBy(() -> KeyFileParser.parse("a sk-1\nonlyname\n", "keys.txt", none))
                .isInstanceOf(KeyFileException.class).hasMessageStartingWith("keys.txt:2: expected");
        assertThatThrownBy(() -> KeyFileParser.parse("a sk-secret-1 rpm=ten", "k", none))
                .hasMessage("k:1: rpm must be a non-negative whole number, got 'ten'");
        assertThatThrownBy(() -> KeyFileParser.parse("a sk-secret-1 burst=3", "k", none))
                .hasMessageContaining("unknown option 'burst=3'").hasMessageNotContaining("sk-secret-1");
        assertThatThrownBy(() -> KeyFileParser.parse("a sk-secret-1 rpm", "k", none))
                .hasMessageContaining("unexpected 'rpm'");
        assertThatThrownBy(() -> KeyFileParser.parse("a sha256:nothex", "k", none))
                .hasMessageContaining("k:1: a hashed key must be");
    }

    @Test
    void aReloadPicksUpTheNewFileAndAFailedOneKeepsTheOldKeys() throws IOException {
        Path file = dir.resolve("keys");
        Files.writeString(file, "one sk-one-0000000000\n");
        KeyRegistry fromFile = new KeyRegistry(List.of(), Optional.of(file), RateLimits.UNLIMITED);
        assertThat(fromFile.authenticate("Bearer sk-one-0000000000").isAuthenticated()).isTrue();

        Files.writeString(file, "two sk-two-0000000000\n");
        assertThat(fromFile.reload()).isEqualTo(1);
        assertThat(fromFile.authenticate("Bearer sk-one-0000000000")).isInstanceOf(AuthResult.UnknownKey.class);
        assertThat(fromFile.authenticate("Bearer sk-two-0000000000").isAuthenticated()).isTrue();

        Files.writeString(file, "three sk-3 rpm=-1\n");
        assertThatThrownBy(fromFile::reload).isInstanceOf(KeyFileException.class);
        Files.writeString(file, "x sk-x-1\nx sk-x-2\n");
        assertThatThrownBy(fromFile::reload).hasMessageContaining("'x' is used twice");
        assertThat(fromFile.keys()).extracting(ApiKey::name).containsExactly("two");
    }

    @Test
    void aConcurrentReaderNeverSeesAHalfBuiltSet() throws Exception {
        Path file = dir.resolve("keys");
        int perGeneration = 40;
        Files.writeString(file, generation(0, perGeneration));
        KeyRegistry reloading = new KeyRegistry(List.of(), Optional.of(file), RateLimits.UNLIMITED);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<String> failure = new AtomicReference<>();
        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < 4; r++) {
            readers.add(Thread.ofPlatform().start(() -> {
                while (!stop.get()) {
                    List<ApiKey> keys = reloading.keys();
                    var generations = keys.stream().map(k -> k.name().split("-")[0]).collect(Collectors.toSet());
                    if (keys.size() != perGeneration || generations.size() != 1) {
                        failure.compareAndSet(null, "saw " + keys.size() + " keys from " + generations);
                    }
                }
            }));
        }
        for (int g = 1; g <= 30; g++) {
            Files.writeString(file, generation(g, perGeneration));
            reloading.reload();
            String last = "Bearer sk-gen" + g + "-key" + (perGeneration - 1);
            assertThat(reloading.authenticate(last).isAuthenticated()).isTrue();
        }
        stop.set(true);
        for (Thread reader : readers) {
            reader.join();
        }
        assertThat(failure.get()).isNull();
    }

    private static String generation(int g, int count) {
        return IntStream.range(0, count).mapToObj(i -> "g" + g + "-k" + i + " sk-gen" + g + "-key" + i + "\n")
                .collect(Collectors.joining());
    }
}
