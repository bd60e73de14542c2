package dev.osprey.context.compaction;

import java.util.Optional;

/** Model summaries per session, so each stretch of a conversation is summarised once. */
public interface SummaryCache {

    Optional<Summary> latest(String sessionId);

    void put(String sessionId, Summary summary);
}
