package dev.osprey.context.server;

import java.util.Objects;

/**
 * Names one repository: an id within an owner's namespace. The same id under two owners names two
 * repositories.
 *
 * @param owner the owning key's name, checked by {@link Requests#owner}; empty for the single owner of
 *              a gateway without keys and for repositories indexed before owners existed
 * @param id    a repository id checked by {@link Requests#repositoryId}
 */
public record RepositoryKey(String owner, String id) {
    public RepositoryKey {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(id, "id");
    }

    @Override
    public String toString() {
        return owner.isEmpty() ? "'" + id + "'" : "'" + id + "' of owner '" + owner + "'";
    }
}
