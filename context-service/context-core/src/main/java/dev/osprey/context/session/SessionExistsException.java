package dev.osprey.context.session;

/** {@link SessionStore#create(String)} was given the id of a live session. */
public final class SessionExistsException extends RuntimeException {
    private final String sessionId;

    public SessionExistsException(String sessionId) {
        super("session '" + sessionId + "' already exists");
        this.sessionId = sessionId;
    }

    public String sessionId() {
        return sessionId;
    }
}
