package dev.osprey.context.server;

/** A request named a model this server is not configured for (NOT_FOUND). */
public final class UnknownModelException extends RuntimeException {
    public UnknownModelException(String message) {
        super(message);
    }
}
