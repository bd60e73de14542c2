package dev.osprey.context.session;

import java.time.Instant;

/**
 * What the store knows about a session apart from its messages.
 *
 * @param lastActiveAt when it was created or last written to (an append or a summary); the idle
 *     time that expires it is measured from here
 * @param messageCount messages appended so far, which is also the sequence number of the last one
 * @param totalTokens sum of the messages' token counts
 */
public record Session(String id, Instant createdAt, Instant lastActiveAt, long messageCount, long totalTokens) {
}
