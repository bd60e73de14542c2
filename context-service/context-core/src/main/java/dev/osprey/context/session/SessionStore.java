package dev.osprey.context.session;

import java.util.List;
import java.util.Optional;

/**
 * Conversation history per session id, persisted so that a restart loses nothing.
 *
 * <p>Sessions expire once idle (no append or summary) for longer than the store's idle timeout: an
 * expired session reads as unknown at once, and {@link #expireIdle()} removes it for good. Every method
 * may be called from many threads; appends to one session get gap-free sequence numbers in the order
 * they commit.
 *
 * <p>Session ids are 1 to {@value #MAX_ID_LENGTH} characters, not blank, without control characters;
 * anything else is rejected with an {@link IllegalArgumentException} naming {@code sessionId}.
 */
public interface SessionStore extends AutoCloseable {
    int MAX_ID_LENGTH = 128;

    /** Creates a session with a generated id (a random UUID). */
    Session create();

    /**
     * Creates a session with the given id. The id of an expired session that has not been swept yet
     * may be reused: the old history is dropped.
     *
     * @throws SessionExistsException when a live session has this id
     */
    Session create(String sessionId);

    /**
     * Appends a message (with {@code sequence == 0}) and returns it as stored: with its sequence number
     * and its timestamp (the store's clock unless the message carries one). Marks the session active.
     *
     * @throws UnknownSessionException when the session does not exist or has expired
     */
    Message append(String sessionId, Message message);

    /** All messages of the session in sequence order. */
    List<Message> messages(String sessionId);

    /** The messages with a sequence number greater than {@code afterSequence}, in order. */
    List<Message> messagesAfter(String sessionId, long afterSequence);

    /** The session's metadata; reading does not mark it active. */
    Session get(String sessionId);

    /** Deletes the session with its messages and summaries; false when there was none. */
    boolean delete(String sessionId);

    /**
     * Removes every session idle for longer than the idle timeout, with its messages and summaries.
     *
     * @return how many sessions were removed
     */
    int expireIdle();

    /**
     * Caches a summary of the session's messages {@code 1..coversThroughSequence}, replacing one that
     * covers the same range, and marks the session active.
     *
     * @throws IllegalArgumentException naming {@code coversThroughSequence} when it is beyond the last message
     */
    Summary putSummary(String sessionId, Summary summary);

    /** The cached summary that covers the most messages, if any. */
    Optional<Summary> latestSummary(String sessionId);

    /** Releases the store's connections; further calls fail with {@link IllegalStateException}. */
    @Override
    void close();

    /**
     * Checks a session id.
     *
     * @throws IllegalArgumentException naming {@code sessionId}
     */
    static String requireValidId(String sessionId) {
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
}
