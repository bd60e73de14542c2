package dev.osprey.inference.server;

/**
 * The model could not be loaded or the engine could not start with the configured settings; the
 * message says what failed and {@link #action} which setting to change.
 */
public final class InferenceStartupException extends RuntimeException {
    private final String action;

    public InferenceStartupException(String message, String action, Throwable cause) {
        super(message, cause);
        this.action = action;
    }

    public String action() {
        return action;
    }
}
