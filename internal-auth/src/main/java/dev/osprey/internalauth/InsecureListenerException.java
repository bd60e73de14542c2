package dev.osprey.internalauth;

/** An internal service was configured to accept unauthenticated calls from the network. */
public final class InsecureListenerException extends RuntimeException {
    public InsecureListenerException(String message) {
        super(message);
    }
}
