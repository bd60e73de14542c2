package dev.osprey.standalone;

import dev.osprey.gateway.access.AccessDecision;
import dev.osprey.gateway.access.AccessPolicy;
import dev.osprey.gateway.access.KeyFileParser;
import dev.osprey.gateway.access.RateLimits;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The gateway's access policy applied to {@code ./osprey serve}'s options before anything starts, so a
 * non-loopback bind without keys is one line at once rather than a failure after the services loaded.
 */
final class BindCheck {
    private BindCheck() {}

    /** Why these options must not start, or empty. */
    static Optional<String> refusal(StackOptions options) {
        if (AccessPolicy.isLoopback(options.host())) {
            return Optional.empty();
        }
        int keys;
        try {
            keys = configuredKeys(options.properties());
        } catch (RuntimeException e) {
            return Optional.of(e instanceof UncheckedIOException u && u.getCause() != null
                    ? u.getMessage() + ": " + u.getCause().getMessage() : e.getMessage());
        }
        return AccessPolicy.check(options.host(), keys > 0) instanceof AccessDecision.Refused(String message)
                ? Optional.of(message) : Optional.empty();
    }

    /** Keys given as {@code osprey.gateway.api-keys[i].key} properties plus those in the key file. */
    static int configuredKeys(Map<String, String> properties) {
        int inline = (int) properties.keySet().stream()
                .filter(k -> k.startsWith("osprey.gateway.api-keys[") && k.endsWith("].key"))
                .count();
        String keyFile = properties.get("osprey.gateway.key-file");
        int fromFile = keyFile == null || keyFile.isBlank() ? 0
                : KeyFileParser.read(Path.of(keyFile), RateLimits.UNLIMITED).size();
        return inline + fromFile;
    }
}
