package dev.osprey.context.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded default: H2 in a directory. */
class SessionStoreH2FileTest extends SessionStoreContract {
    @TempDir
    Path dir;

    @Override
    SessionStore openStore(Clock clock, Duration idleTimeout) {
        return JdbcSessionStore.open(SessionDatabase.h2File(dir.resolve("sessions-db")), idleTimeout, clock);
    }

    @Test
    void keepsItsDatabaseInTheGivenDirectory() {
        SessionStore store = open();
        store.create("s");
        assertThat(dir.resolve("sessions-db/sessions.mv.db")).satisfies(p -> assertThat(Files.exists(p)).isTrue());
    }
}
