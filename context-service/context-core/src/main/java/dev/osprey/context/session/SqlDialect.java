package dev.osprey.context.session;

import java.util.List;

/**
 * What differs between the databases a {@link JdbcSessionStore} runs on. Everything else is standard
 * SQL that H2 and PostgreSQL both accept.
 */
enum SqlDialect {
    H2("CLOB", null),
    /** Replicas may start together: DDL runs under a transaction-scoped advisory lock. */
    POSTGRESQL("TEXT", "SELECT pg_advisory_xact_lock(7361402551)");

    private final String textType;
    private final String schemaLock;

    SqlDialect(String textType, String schemaLock) {
        this.textType = textType;
        this.schemaLock = schemaLock;
    }

    static SqlDialect forUrl(String url) {
        if (url.startsWith("jdbc:h2:")) {
            return H2;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException("url: unsupported session database (expected jdbc:h2: or"
                + " jdbc:postgresql:): " + url);
    }

    /** A statement to run first in the schema transaction, or null. */
    String schemaLock() {
        return schemaLock;
    }

    /** Idempotent DDL, in order. */
    List<String> schema() {
        return List.of(
                """
                CREATE TABLE IF NOT EXISTS osprey_session (
                  id VARCHAR(%d) PRIMARY KEY,
                  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
                  last_active_at TIMESTAMP WITH TIME ZONE NOT NULL,
                  message_count BIGINT NOT NULL,
                  total_tokens BIGINT NOT NULL)""".formatted(SessionStore.MAX_ID_LENGTH),
                "CREATE INDEX IF NOT EXISTS osprey_session_idle ON osprey_session (last_active_at)",
                """
                CREATE TABLE IF NOT EXISTS osprey_session_message (
                  session_id VARCHAR(%d) NOT NULL REFERENCES osprey_session (id) ON DELETE CASCADE,
                  seq BIGINT NOT NULL,
                  role_name VARCHAR(16) NOT NULL,
                  content %s NOT NULL,
                  token_count INTEGER NOT NULL,
                  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
                  PRIMARY KEY (session_id, seq))""".formatted(SessionStore.MAX_ID_LENGTH, textType),
                """
                CREATE TABLE IF NOT EXISTS osprey_session_summary (
                  session_id VARCHAR(%d) NOT NULL REFERENCES osprey_session (id) ON DELETE CASCADE,
                  covers_through BIGINT NOT NULL,
                  summary_text %s NOT NULL,
                  token_count INTEGER NOT NULL,
                  summary_method VARCHAR(16) NOT NULL,
                  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
                  PRIMARY KEY (session_id, covers_through))""".formatted(SessionStore.MAX_ID_LENGTH, textType));
    }
}
