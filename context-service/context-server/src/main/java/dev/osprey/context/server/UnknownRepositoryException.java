package dev.osprey.context.server;

/**
 * A request named a repository its owner has not indexed (NOT_FOUND). The message names the id only:
 * whether another owner has one of that id is not disclosed.
 */
public final class UnknownRepositoryException extends RuntimeException {
    public UnknownRepositoryException(String repositoryId) {
        super("unknown repository '" + repositoryId + "' (never indexed, or deleted)");
    }
}
