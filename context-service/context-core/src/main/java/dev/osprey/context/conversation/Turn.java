package dev.osprey.context.conversation;

import java.util.Objects;

/**
 * One earlier message of a conversation.
 *
 * @param role     system, user, assistant or tool
 * @param content  what was said
 * @param sequence its position in the session (ascending, gap-free from the session store), which
 *                 identifies what a cached summary covers
 */
public record Turn(String role, String content, long sequence) {
    public Turn {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
    }
}
