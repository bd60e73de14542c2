package dev.osprey.gateway.access;

import java.util.Objects;

/**
 * An authenticated caller's identity: the key's name (never the secret), its limits, and whether it is
 * an admin (may read, list, cancel and delete every owner's resources). This is what request handlers,
 * rate limiting and logs see.
 */
public record ApiKey(String name, RateLimits limits, boolean admin) {
    public ApiKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(limits, "limits");
        if (name.isBlank() || name.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("key name must be non-empty and without whitespace: '" + name + "'");
        }
    }

    /** A key without the admin role. */
    public ApiKey(String name, RateLimits limits) {
        this(name, limits, false);
    }
}
