package dev.osprey.context.compaction;

import dev.osprey.context.conversation.SessionKey;
import java.util.Optional;

/** Model summaries per session, so each stretch of a conversation is summarised once. */
public interface SummaryCache {

    Optional<Summary> latest(SessionKey session);

    void put(SessionKey session, Summary summary);
}
