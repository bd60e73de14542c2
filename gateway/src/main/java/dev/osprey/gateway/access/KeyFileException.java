package dev.osprey.gateway.access;

/** A key file that cannot be used; the message names the file and line. */
public final class KeyFileException extends RuntimeException {
    public KeyFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
