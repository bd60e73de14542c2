package dev.osprey.context.session;

import static dev.osprey.context.session.SessionStoreContract.key;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded default: H2 in a directory. */
class SessionStoreH2FileTest extends SessionStoreContract {
    @TempDir
    Path dir;

    @Override
    SessionDatabase database() {
        return SessionDatabase.h2File(dir.resolve("sessions-db"));
    }

    @Override
    String textType() {
        return "CLOB";
    }

    @Test
    void keepsItsDatabaseInTheGivenDirectory() {
        SessionStore store = open();
        store.create(key("s"));
        assertThat(dir.resolve("sessions-db/sessions.mv.db")).satisfies(p -> assertThat(Files.exists(p)).isTrue());
    }

    @Test
    void aProcessKilledAfterItsAppendsReturnedLosesNothing() throws Exception {
        Path storeDir = dir.resolve("crashed-db");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                H2CrashWriter.class.getName(), storeDir.toString(), "crash", "25")
                .redirectErrorStream(true)
                .start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(output).contains("appended 25");

        try (SessionStore store = JdbcSessionStore.open(SessionDatabase.h2File(storeDir), Duration.ofDays(1))) {
            List<Message> messages = store.messages(key("crash"));
            assertThat(messages).extracting(Message::sequence)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, 25).boxed().toList());
            assertThat(store.get(key("crash")).totalTokens()).isEqualTo(25 * 26 / 2);
        }
    }
}
