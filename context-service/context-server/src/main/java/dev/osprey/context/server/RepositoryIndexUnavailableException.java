package dev.osprey.context.server;

/** This build or configuration has no repository index (UNIMPLEMENTED). */
public final class RepositoryIndexUnavailableException extends RuntimeException {
    public RepositoryIndexUnavailableException(String message) {
        super(message);
    }
}
