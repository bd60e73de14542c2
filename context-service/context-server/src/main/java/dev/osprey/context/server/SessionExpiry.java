package dev.osprey.context.server;

import dev.osprey.context.session.SessionStore;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Removes idle sessions for good every {@code sweep}, on a daemon thread of its own, until closed. */
final class SessionExpiry implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SessionExpiry.class);

    private final ScheduledExecutorService timer;

    SessionExpiry(SessionStore store, Duration sweep) {
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("session-expiry").factory());
        long millis = sweep.toMillis();
        timer.scheduleWithFixedDelay(() -> {
            try {
                int removed = store.expireIdle();
                if (removed > 0) {
                    log.info("Removed {} idle session(s)", removed);
                }
            } catch (RuntimeException e) {
                log.warn("Removing idle sessions failed; retrying in {}", sweep, e);
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
