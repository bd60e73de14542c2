package dev.osprey.context.server;

import dev.osprey.context.compaction.CompactionMethod;
import dev.osprey.context.compaction.Summary;
import dev.osprey.context.compaction.SummaryCache;
import dev.osprey.context.conversation.SessionKey;
import dev.osprey.context.session.SessionStore;
import dev.osprey.context.session.SummaryMethod;
import dev.osprey.context.session.UnknownSessionException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compactor's summary cache kept in the session store, so that a summary survives restarts and is
 * shared by replicas. Caching is best effort: a summary that covers turns the session does not hold
 * (a plan's new messages are not stored) or of a session that is gone is not kept.
 */
final class SessionSummaryCache implements SummaryCache {
    private static final Logger log = LoggerFactory.getLogger(SessionSummaryCache.class);

    private final SessionStore store;

    SessionSummaryCache(SessionStore store) {
        this.store = store;
    }

    @Override
    public Optional<Summary> latest(SessionKey session) {
        try {
            return store.latestSummary(session).map(s -> new Summary(s.coversThroughSequence(), s.text(),
                    s.tokenCount(), s.method() == SummaryMethod.MODEL ? CompactionMethod.MODEL_SUMMARY
                            : CompactionMethod.EXTRACTIVE));
        } catch (UnknownSessionException e) {
            return Optional.empty();
        }
    }

    @Override
    public void put(SessionKey session, Summary summary) {
        if (summary.method() == CompactionMethod.NONE) {
            return;
        }
        try {
            if (summary.coversThroughSequence() > store.get(session).messageCount()) {
                return;
            }
            store.putSummary(session, dev.osprey.context.session.Summary.of(summary.coversThroughSequence(),
                    summary.text(), summary.tokens(), summary.method() == CompactionMethod.MODEL_SUMMARY
                            ? SummaryMethod.MODEL : SummaryMethod.EXTRACTIVE));
        } catch (UnknownSessionException | IllegalArgumentException e) {
            log.debug("Summary of session {} not cached: {}", session, e.getMessage());
        }
    }
}
