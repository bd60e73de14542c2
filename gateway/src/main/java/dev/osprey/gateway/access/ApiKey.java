package dev.osprey.gateway.access;

import java.util.Objects;

/**
 * An authenticated caller's identity: the key's name (never the secret) and its limits.
 * This is what request handlers, rate limiting and logs see.
 */
public record ApiKey(String name, RateLimits limits) {
    public ApiKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(limits, "limits");
        if (name.isBlank() || name.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("key name must be non-empty and without whitespace: '" + name + "'");
        }
    }
}
