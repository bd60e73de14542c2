package dev.osprey.context.session;

import dev.osprey.context.conversation.SessionKey;
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

    /** The sessions table of the versions before owners; its sessions belong to the empty owner. */
    static final String LEGACY_SESSION_TABLE = "osprey_session";

    /** Idempotent DDL, in order: sessions keyed by (owner, id), their messages and summaries. */
    List<String> schema() {
        return List.of(
                """
                CREATE TABLE IF NOT EXISTS osprey_session_v2 (
                  owner VARCHAR(%d) NOT NULL,
                  id VARCHAR(%d) NOT NULL,
                  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
                  last_active_at TIMESTAMP WITH TIME ZONE NOT NULL,
                  message_count BIGINT NOT NULL,
                  total_tokens BIGINT NOT NULL,
                  PRIMARY KEY (owner, id))""".formatted(SessionKey.MAX_OWNER_LENGTH, SessionKey.MAX_ID_LENGTH),
                "CREATE INDEX IF NOT EXISTS osprey_session_v2_idle ON osprey_session_v2 (last_active_at)",
                """
                CREATE TABLE IF NOT EXISTS osprey_session_message_v2 (
                  owner VARCHAR(%d) NOT NULL,
                  session_id VARCHAR(%d) NOT NULL,
                  seq BIGINT NOT NULL,
                  role_name VARCHAR(16) NOT NULL,
                  content %s NOT NULL,
                  token_count INTEGER NOT NULL,
                  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
                  PRIMARY KEY (owner, session_id, seq),
                  FOREIGN KEY (owner, session_id) REFERENCES osprey_session_v2 (owner, id) ON DELETE CASCADE)"""
                        .formatted(SessionKey.MAX_OWNER_LENGTH, SessionKey.MAX_ID_LENGTH, textType),
                """
                CREATE TABLE IF NOT EXISTS osprey_session_summary_v2 (
                  owner VARCHAR(%d) NOT NULL,
                  session_id VARCHAR(%d) NOT NULL,
                  covers_through BIGINT NOT NULL,
                  summary_text %s NOT NULL,
                  token_count INTEGER NOT NULL,
                  summary_method VARCHAR(16) NOT NULL,
                  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
                  PRIMARY KEY (owner, session_id, covers_through),
                  FOREIGN KEY (owner, session_id) REFERENCES osprey_session_v2 (owner, id) ON DELETE CASCADE)"""
                        .formatted(SessionKey.MAX_OWNER_LENGTH, SessionKey.MAX_ID_LENGTH, textType));
    }

    /**
     * Moves the sessions of the tables before owners ({@code osprey_session}, {@code _message},
     * {@code _summary}) into the current ones under the empty owner, then drops the old tables. Run only
     * when the old tables exist; each copy skips rows already copied, so a move interrupted before the
     * drops (H2 commits at each DDL statement) is completed by the next open.
     */
    static List<String> moveLegacySessions() {
        return List.of(
                """
                INSERT INTO osprey_session_v2 (owner, id, created_at, last_active_at, message_count, total_tokens)
                SELECT '', o.id, o.created_at, o.last_active_at, o.message_count, o.total_tokens FROM osprey_session o
                WHERE NOT EXISTS (SELECT 1 FROM osprey_session_v2 n WHERE n.owner = '' AND n.id = o.id)""",
                """
                INSERT INTO osprey_session_message_v2
                  (owner, session_id, seq, role_name, content, token_count, created_at)
                SELECT '', o.session_id, o.seq, o.role_name, o.content, o.token_count, o.created_at
                FROM osprey_session_message o
                WHERE NOT EXISTS (SELECT 1 FROM osprey_session_message_v2 n
                                  WHERE n.owner = '' AND n.session_id = o.session_id AND n.seq = o.seq)""",
                """
                INSERT INTO osprey_session_summary_v2
                  (owner, session_id, covers_through, summary_text, token_count, summary_method, created_at)
                SELECT '', o.session_id, o.covers_through, o.summary_text, o.token_count, o.summary_method, o.created_at
                FROM osprey_session_summary o
                WHERE NOT EXISTS (SELECT 1 FROM osprey_session_summary_v2 n
                                  WHERE n.owner = '' AND n.session_id = o.session_id
                                    AND n.covers_through = o.covers_through)""",
                "DROP TABLE osprey_session_summary",
                "DROP TABLE osprey_session_message",
                "DROP TABLE osprey_session");
    }
}
