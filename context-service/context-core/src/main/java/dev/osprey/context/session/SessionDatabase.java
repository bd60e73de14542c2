package dev.osprey.context.session;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a {@link JdbcSessionStore} keeps its tables: an embedded H2 database in a directory (the
 * default, one process) or a PostgreSQL server (shared by every replica).
 *
 * @param password may be empty (trust or peer authentication), never null
 */
public record SessionDatabase(String url, String user, String password) {
    public SessionDatabase {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("url: must not be blank");
        }
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        SqlDialect.forUrl(url); // rejects unsupported databases early
    }

    /**
     * The embedded default: {@code jdbc:h2:file:<directory>/sessions}. The directory is created if
     * missing; only one process may open it at a time.
     */
    public static SessionDatabase h2File(Path directory) {
        Path dir = directory.toAbsolutePath().normalize();
        // LOCK_TIMEOUT: appends to one session wait for each other's row lock rather than fail.
        // WRITE_DELAY=0: every commit reaches the file before the call returns.
        return new SessionDatabase("jdbc:h2:file:" + dir.resolve("sessions") + ";LOCK_TIMEOUT=10000;WRITE_DELAY=0",
                "osprey", "");
    }

    /** A PostgreSQL database, {@code jdbc:postgresql://host:port/database}. */
    public static SessionDatabase postgres(String url, String user, String password) {
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("url: not a PostgreSQL JDBC URL: " + url);
        }
        return new SessionDatabase(url, user, password == null ? "" : password);
    }

    SqlDialect dialect() {
        return SqlDialect.forUrl(url);
    }

    @Override
    public String toString() {
        return "SessionDatabase[url=" + url + ", user=" + user + "]";
    }
}
