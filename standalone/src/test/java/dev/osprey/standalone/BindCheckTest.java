package dev.osprey.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BindCheckTest {
    @TempDir
    Path dir;

    private StackOptions options(String host, Map<String, String> properties) {
        return new StackOptions(null, host, 0, 0, dir, false, properties);
    }

    @Test
    void loopbackNeedsNoKeys() {
        assertThat(BindCheck.refusal(options("127.0.0.1", Map.of()))).isEmpty();
        assertThat(BindCheck.refusal(options("localhost", Map.of()))).isEmpty();
    }

    @Test
    void anotherAddressWithoutKeysIsOneLineAtOnce() {
        String refusal = BindCheck.refusal(options("0.0.0.0", Map.of())).orElseThrow();
        assertThat(refusal).startsWith("Refusing to start: the gateway would listen on 0.0.0.0").doesNotContain("\n");
    }

    @Test
    void keysFromPropertiesOrTheKeyFileAllowIt() throws Exception {
        assertThat(BindCheck.refusal(options("0.0.0.0", Map.of("osprey.gateway.api-keys[0].name", "a",
                "osprey.gateway.api-keys[0].key", "sk-0123456789")))).isEmpty();
        Path keys = Files.writeString(dir.resolve("keys"), "alice sk-alice-0123456789\n");
        assertThat(BindCheck.refusal(options("0.0.0.0", Map.of("osprey.gateway.key-file", keys.toString())))).isEmpty();
        Path empty = Files.writeString(dir.resolve("empty"), "# nobody yet\n");
        assertThat(BindCheck.refusal(options("0.0.0.0", Map.of("osprey.gateway.key-file", empty.toString()))))
                .isPresent();
        assertThat(BindCheck.refusal(options("0.0.0.0", Map.of("osprey.gateway.key-file", dir.resolve("none").toString()))))
                .get().asString().contains("cannot read key file");
    }
}
