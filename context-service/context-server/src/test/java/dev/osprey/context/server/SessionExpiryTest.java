package dev.osprey.context.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.context.conversation.SessionKey;
import dev.osprey.context.session.JdbcSessionStore;
import dev.osprey.context.session.SessionDatabase;
import dev.osprey.context.session.SessionStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionExpiryTest {

    @Test
    void idleSessionsAreRemovedByTheSweep(@TempDir Path dir) throws InterruptedException {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
        Clock clock = new Clock() {
            @Override
            public Instant instant() {
                return now.get();
            }

            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }
        };
        try (SessionStore store = JdbcSessionStore.open(SessionDatabase.h2File(dir), Duration.ofMinutes(10), clock)) {
            store.create(new SessionKey("", "old"));
            now.set(now.get().plus(Duration.ofMinutes(11)));
            store.create(new SessionKey("", "new"));
            AtomicInteger sweeps = new AtomicInteger();
            SessionStore counted = (SessionStore) Proxy.newProxyInstance(SessionStore.class.getClassLoader(),
                    new Class<?>[] {SessionStore.class}, (proxy, method, args) -> {
                        if (method.getName().equals("expireIdle")) {
                            sweeps.incrementAndGet();
                        }
                        return method.invoke(store, args);
                    });

            try (SessionExpiry ignored = new SessionExpiry(counted, Duration.ofMillis(20))) {
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (sweeps.get() < 2 && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
            }

            assertThat(sweeps.get()).isGreaterThanOrEqualTo(2);
            assertThat(store.expireIdle()).as("already removed by the sweep").isZero();
            assertThat(store.get(new SessionKey("", "new")).id()).isEqualTo("new");
        }
    }
}
