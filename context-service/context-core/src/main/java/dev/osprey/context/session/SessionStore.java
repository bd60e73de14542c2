package dev.osprey.context.session;

import dev.osprey.context.conversation.SessionKey;
import java.util.List;
import java.util.Optional;

/**
 * Conversation history per session, persisted so that a restart loses nothing. A session is named by
 * a {@link SessionKey}: an id within its owner's namespace; every method reads and writes that
 * namespace only, so another owner's session of the same id is unknown here.
 *
 * <p>Sessions expire once idle (no append or summary) for longer than the store's idle timeout: an
 * expired session reads as unknown at once, and {@link #expireIdle()} removes it for good. Every method
 * may be called from many threads; appends to one session get gap-free sequence numbers in the order
 * they commit.
 *
 * <p>Session ids and owners are checked by {@link SessionKey}.
 */
public interface SessionStore extends AutoCloseable {
    int MAX_ID_LENGTH = SessionKey.MAX_ID_LENGTH;

    /** Creates a session of {@code owner} with a generated id (a random UUID). */
    Session create(String owner);

    /**
     * Creates a session with the given id. The id of an expired session that has not been swept yet
     * may be reused: the old history is dropped.
     *
     * @throws SessionExistsException when a live session has this id
     */
    Session create(SessionKey session);

    /**
     * Appends a message (with {@code sequence == 0}) and returns it as stored: with its sequence number
     * and its timestamp (the store's clock unless the message carries one). Marks the session active.
     *
     * @throws UnknownSessionException when the session does not exist or has expired
     */
    Message append(SessionKey session, Message message);

    /** All messages of the session in sequence order. */
    List<Message> messages(SessionKey session);

    /** The messages with a sequence number greater than {@code afterSequence}, in order. */
    List<Message> messagesAfter(SessionKey session, long afterSequence);

    /** The session's metadata; reading does not mark it active. */
    Session get(SessionKey session);

    /** Deletes the session with its messages and summaries; false when there was none. */
    boolean delete(SessionKey session);

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
    Summary putSummary(SessionKey session, Summary summary);

    /** The cached summary that covers the most messages, if any. */
    Optional<Summary> latestSummary(SessionKey session);

    /** Releases the store's connections; further calls fail with {@link IllegalStateException}. */
    @Override
    void close();

    /**
     * Checks a session id.
     *
     * @throws IllegalArgumentException naming {@code sessionId}
     */
    static String requireValidId(String sessionId) {
        return SessionKey.requireValidId(sessionId);
    }
}
