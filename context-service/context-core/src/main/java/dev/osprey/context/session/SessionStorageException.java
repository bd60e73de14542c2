package dev.osprey.context.session;

/** The database behind a {@link SessionStore} failed (connection lost, disk full, schema broken). */
public final class SessionStorageException extends RuntimeException {
    public SessionStorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
