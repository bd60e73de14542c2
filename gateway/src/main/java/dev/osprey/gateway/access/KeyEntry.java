package dev.osprey.gateway.access;

import java.util.Objects;

/** One configured key: its public identity and the hash of its secret. */
public record KeyEntry(ApiKey key, HashedSecret secret) {
    public KeyEntry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(secret, "secret");
    }

    /** A key given as configuration: {@code secret} is a plain key or a stored hash (see {@link HashedSecret#parse}). */
    public static KeyEntry of(String name, String secret, RateLimits limits) {
        return of(name, secret, limits, false);
    }

    /** As {@link #of(String, String, RateLimits)}, with the admin role when {@code admin}. */
    public static KeyEntry of(String name, String secret, RateLimits limits, boolean admin) {
        return new KeyEntry(new ApiKey(name, limits, admin), HashedSecret.parse(secret));
    }
}
