package dev.osprey.context.server;

/**
 * The service cannot start with its settings (a vocabulary that does not load, a context length
 * that cannot be found, a session database that cannot be opened); the message says what failed and
 * {@link #action} which setting to change.
 */
public final class ContextStartupException extends RuntimeException {
    private final String action;

    public ContextStartupException(String message, String action, Throwable cause) {
        super(message, cause);
        this.action = action;
    }

    public String action() {
        return action;
    }
}
