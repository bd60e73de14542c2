package dev.osprey.context.conversation;

/**
 * Names one conversation session: an id within an owner's namespace. The same id under two owners
 * names two sessions. Both parts are compared as exact text; nothing about one can reach into the
 * other, however they are spelled.
 *
 * @param owner the namespace (the API key that made the session); empty for the single owner of a
 *              deployment without keys and for sessions stored before owners existed. At most
 *              {@value #MAX_OWNER_LENGTH} characters, valid Unicode, no control characters
 * @param id    1 to {@value #MAX_ID_LENGTH} characters, not blank, no control characters
 */
public record SessionKey(String owner, String id) {
    public static final int MAX_ID_LENGTH = 128;
    public static final int MAX_OWNER_LENGTH = 256;

    /** @throws IllegalArgumentException naming {@code owner} or {@code sessionId} */
    public SessionKey {
        requireValidOwner(owner);
        requireValidId(id);
    }

    /**
     * Checks an owner.
     *
     * @throws IllegalArgumentException naming {@code owner}
     */
    public static String requireValidOwner(String owner) {
        if (owner == null) {
            throw new IllegalArgumentException("owner: must not be null");
        }
        if (owner.length() > MAX_OWNER_LENGTH) {
            throw new IllegalArgumentException("owner: longer than " + MAX_OWNER_LENGTH + " characters ("
                    + owner.length() + ")");
        }
        if (owner.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("owner: must not contain control characters");
        }
        for (int i = 0; i < owner.length(); i++) {
            char c = owner.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < owner.length() && Character.isLowSurrogate(owner.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("owner: holds an unpaired surrogate at index " + i
                        + " (not valid Unicode)");
            }
        }
        return owner;
    }

    /**
     * Checks a session id.
     *
     * @throws IllegalArgumentException naming {@code sessionId}
     */
    public static String requireValidId(String sessionId) {
        if (sessionId == null || sessionId.isBlank()) {
            throw new IllegalArgumentException("sessionId: must not be blank");
        }
        if (sessionId.length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException("sessionId: longer than " + MAX_ID_LENGTH + " characters ("
                    + sessionId.length() + ")");
        }
        if (sessionId.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("sessionId: must not contain control characters");
        }
        return sessionId;
    }

    @Override
    public String toString() {
        return owner.isEmpty() ? "'" + id + "'" : "'" + id + "' of owner '" + owner + "'";
    }
}
