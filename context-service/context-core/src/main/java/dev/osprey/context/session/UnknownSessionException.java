package dev.osprey.context.session;

/** The session does not exist: never created, deleted, or expired after its idle time. */
public final class UnknownSessionException extends RuntimeException {
    private final String sessionId;

    public UnknownSessionException(String sessionId) {
        super("unknown session '" + sessionId + "' (never created, deleted or expired)");
        this.sessionId = sessionId;
    }

    public String sessionId() {
        return sessionId;
    }
}
