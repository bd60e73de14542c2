package dev.osprey.context.session;

import static dev.osprey.context.session.SessionStoreContract.key;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Run in a child JVM by {@link SessionStoreH2FileTest}: appends messages to an H2 file store, then
 * halts without closing it, as a killed server would.
 *
 * <p>Arguments: the store directory, the session id, the number of messages.
 */
public final class H2CrashWriter {
    private H2CrashWriter() {
    }

    public static void main(String[] args) {
        SessionStore store = JdbcSessionStore.open(SessionDatabase.h2File(Path.of(args[0])), Duration.ofDays(1));
        store.create(key(args[1]));
        int count = Integer.parseInt(args[2]);
        for (int i = 1; i <= count; i++) {
            store.append(key(args[1]), Message.of(Role.USER, "message " + i, i));
        }
        System.out.println("appended " + count);
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }
}
