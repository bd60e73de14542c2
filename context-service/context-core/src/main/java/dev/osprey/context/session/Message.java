package dev.osprey.context.session;

import java.time.Instant;
import java.util.Objects;

/**
 * One turn of a conversation.
 *
 * <p>Before it is stored a message has {@code sequence == 0} and usually no timestamp ({@link #of});
 * {@link SessionStore#append} returns it with its sequence number (1, 2, 3 ... without gaps within a
 * session) and its timestamp (the store's clock when none was given).
 *
 * @param tokenCount tokens of {@code content} under the serving model's tokenizer, {@code >= 0}
 * @param timestamp when the message was written; {@code null} only before it is stored
 * @param sequence position in the session starting at 1; {@code 0} before it is stored
 */
public record Message(Role role, String content, int tokenCount, Instant timestamp, long sequence) {
    public Message {
        if (role == null) {
            throw new IllegalArgumentException("role: must not be null");
        }
        if (content == null) {
            throw new IllegalArgumentException("content: must not be null");
        }
        if (tokenCount < 0) {
            throw new IllegalArgumentException("tokenCount: must be >= 0, was " + tokenCount);
        }
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence: must be >= 0, was " + sequence);
        }
    }

    /** A message to append: no timestamp or sequence yet. */
    public static Message of(Role role, String content, int tokenCount) {
        return new Message(role, content, tokenCount, null, 0);
    }

    /** A message to append, its role by wire name ({@code "user"}); an unknown role is rejected. */
    public static Message of(String role, String content, int tokenCount) {
        return of(Role.of(role), content, tokenCount);
    }

    /** Whether the store has assigned this message its sequence number. */
    public boolean stored() {
        return sequence > 0;
    }

    Message stored(Instant at, long seq) {
        return new Message(role, content, tokenCount, Objects.requireNonNull(at), seq);
    }
}
