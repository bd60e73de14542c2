package dev.osprey.gateway.access;

import java.util.Objects;
import java.util.Optional;

/**
 * Whose resources a request reads and writes. Every stored resource (file, batch, session, repository)
 * records the owner that made it; another owner's resource is invisible (404, existence not disclosed)
 * unless the caller is an admin. A gateway without keys has one owner, {@link #ANONYMOUS}.
 *
 * @param owner the API key's name; empty for the keyless owner
 */
public record Tenant(String owner, boolean admin) {
    public static final Tenant ANONYMOUS = new Tenant("", false);

    public Tenant {
        Objects.requireNonNull(owner, "owner");
    }

    public static Tenant of(ApiKey key) {
        return new Tenant(key.name(), key.admin());
    }

    public static Tenant of(Optional<ApiKey> key) {
        return key.map(Tenant::of).orElse(ANONYMOUS);
    }

    /** Whether this caller may see and act on a resource owned by {@code resourceOwner}. */
    public boolean mayAccess(String resourceOwner) {
        return admin || owner.equals(resourceOwner);
    }

    /** The prefix-cache namespace: one key's prompts never share KV blocks with another's. */
    public String cacheNamespace() {
        return owner.isEmpty() ? "" : "key:" + owner;
    }
}
