package dev.osprey.context.server;

/** A request named a repository that has not been indexed (NOT_FOUND). */
public final class UnknownRepositoryException extends RuntimeException {
    public UnknownRepositoryException(String repositoryId) {
        super("unknown repository '" + repositoryId + "' (never indexed, or deleted)");
    }
}
