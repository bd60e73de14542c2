package dev.osprey.context.session;

import dev.osprey.context.conversation.SessionKey;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link SessionStore} in a SQL database: embedded H2 in a directory by default, PostgreSQL for
 * scale-out (several context servers sharing one database).
 *
 * <p>Tables {@code osprey_session_v2}, {@code osprey_session_message_v2} and
 * {@code osprey_session_summary_v2}, keyed by (owner, session id), are created at open when missing;
 * sessions in the tables of earlier versions (without owners) are moved into them under the empty
 * owner, once. An append locks its session's row (the {@code UPDATE} of its
 * counters) until it commits, which keeps sequence numbers gap-free under concurrent appends, from
 * this process or another. Timestamps are kept to the microsecond (PostgreSQL's precision).
 */
public final class JdbcSessionStore implements SessionStore {
    private static final int MAX_ATTEMPTS = 5;
    private static final int DEFAULT_MAX_CONNECTIONS =
            Math.clamp(Runtime.getRuntime().availableProcessors() * 2L, 4, 16);

    private static final String SESSION_COLUMNS = "id, created_at, last_active_at, message_count, total_tokens";
    private static final String THIS_SESSION = "owner = ? AND id = ?";
    private static final String OF_THIS_SESSION = "owner = ? AND session_id = ?";
    private static final String MESSAGE_COLUMNS = "role_name, content, token_count, created_at, seq";
    private static final String ALIVE = "last_active_at >= ?";

    private final SessionDatabase database;
    private final Duration idleTimeout;
    private final Clock clock;
    private final ConnectionPool pool;
    private final AtomicBoolean closed = new AtomicBoolean();

    private JdbcSessionStore(SessionDatabase database, Duration idleTimeout, Clock clock, int maxConnections) {
        this.database = database;
        this.idleTimeout = idleTimeout;
        this.clock = clock;
        this.pool = new ConnectionPool(database, maxConnections);
    }

    /** Opens the store with the system clock. */
    public static JdbcSessionStore open(SessionDatabase database, Duration idleTimeout) {
        return open(database, idleTimeout, Clock.systemUTC());
    }

    /** Opens the store, creating its tables if missing. */
    public static JdbcSessionStore open(SessionDatabase database, Duration idleTimeout, Clock clock) {
        return open(database, idleTimeout, clock, DEFAULT_MAX_CONNECTIONS);
    }

    /**
     * Opens the store, creating its tables if missing.
     *
     * @param idleTimeout a session not written to for longer than this expires; positive
     * @param maxConnections the most connections held at once
     */
    public static JdbcSessionStore open(SessionDatabase database, Duration idleTimeout, Clock clock,
            int maxConnections) {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(clock, "clock");
        if (idleTimeout == null || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout: must be positive, was " + idleTimeout);
        }
        JdbcSessionStore store = new JdbcSessionStore(database, idleTimeout, clock, maxConnections);
        try {
            store.createSchema();
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    public Duration idleTimeout() {
        return idleTimeout;
    }

    public SessionDatabase database() {
        return database;
    }

    @Override
    public Session create(String owner) {
        return create(new SessionKey(owner, UUID.randomUUID().toString()));
    }

    @Override
    public Session create(SessionKey session) {
        Objects.requireNonNull(session, "session");
        Instant now = now();
        return inTransaction("create session " + session, c -> {
            try (PreparedStatement dropExpired = c.prepareStatement(
                    "DELETE FROM osprey_session_v2 WHERE " + THIS_SESSION + " AND last_active_at < ?")) {
                setKey(dropExpired, 1, session);
                setInstant(dropExpired, 3, cutoff(now));
                dropExpired.executeUpdate();
            }
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO osprey_session_v2 (owner, " + SESSION_COLUMNS + ") VALUES (?, ?, ?, ?, 0, 0)")) {
                setKey(insert, 1, session);
                setInstant(insert, 3, now);
                setInstant(insert, 4, now);
                insert.executeUpdate();
            } catch (SQLException e) {
                if ("23505".equals(e.getSQLState())) {
                    throw new SessionExistsException(session.id());
                }
                throw e;
            }
            return new Session(session.id(), now, now, 0, 0);
        });
    }

    @Override
    public Message append(SessionKey session, Message message) {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(message, "message");
        if (message.stored()) {
            throw new IllegalArgumentException("sequence: must be 0 for a message to append (the store assigns it),"
                    + " was " + message.sequence());
        }
        Instant now = now();
        Instant at = message.timestamp() == null ? now : message.timestamp().truncatedTo(ChronoUnit.MICROS);
        return inTransaction("append to session " + session, c -> {
            long sequence = touch(c, session, now, message.tokenCount(), 1);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO osprey_session_message_v2"
                    + " (owner, session_id, " + MESSAGE_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                setKey(insert, 1, session);
                insert.setString(3, message.role().wireName());
                insert.setString(4, message.content());
                insert.setInt(5, message.tokenCount());
                setInstant(insert, 6, at);
                insert.setLong(7, sequence);
                insert.executeUpdate();
            }
            return message.stored(at, sequence);
        });
    }

    @Override
    public List<Message> messages(SessionKey session) {
        return messagesAfter(session, 0);
    }

    @Override
    public List<Message> messagesAfter(SessionKey session, long afterSequence) {
        Objects.requireNonNull(session, "session");
        if (afterSequence < 0) {
            throw new IllegalArgumentException("afterSequence: must be >= 0, was " + afterSequence);
        }
        Instant now = now();
        return inTransaction("read session " + session, c -> {
            requireAlive(c, session, now);
            try (PreparedStatement select = c.prepareStatement("SELECT " + MESSAGE_COLUMNS
                    + " FROM osprey_session_message_v2 WHERE " + OF_THIS_SESSION + " AND seq > ? ORDER BY seq")) {
                setKey(select, 1, session);
                select.setLong(3, afterSequence);
                try (ResultSet rs = select.executeQuery()) {
                    List<Message> messages = new ArrayList<>();
                    while (rs.next()) {
                        messages.add(new Message(Role.of(rs.getString(1)), rs.getString(2), rs.getInt(3),
                                instant(rs, 4), rs.getLong(5)));
                    }
                    return List.copyOf(messages);
                }
            }
        });
    }

    @Override
    public Session get(SessionKey session) {
        Objects.requireNonNull(session, "session");
        Instant now = now();
        return inTransaction("read session " + session, c -> requireAlive(c, session, now));
    }

    @Override
    public boolean delete(SessionKey session) {
        Objects.requireNonNull(session, "session");
        Instant now = now();
        return inTransaction("delete session " + session, c -> {
            boolean alive;
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT 1 FROM osprey_session_v2 WHERE " + THIS_SESSION + " AND " + ALIVE)) {
                setKey(select, 1, session);
                setInstant(select, 3, cutoff(now));
                try (ResultSet rs = select.executeQuery()) {
                    alive = rs.next();
                }
            }
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM osprey_session_v2 WHERE " + THIS_SESSION)) {
                setKey(delete, 1, session);
                delete.executeUpdate();
            }
            return alive;
        });
    }

    @Override
    public int expireIdle() {
        Instant now = now();
        return inTransaction("expire idle sessions", c -> {
            try (PreparedStatement delete = c.prepareStatement(
                    "DELETE FROM osprey_session_v2 WHERE last_active_at < ?")) {
                setInstant(delete, 1, cutoff(now));
                return delete.executeUpdate();
            }
        });
    }

    @Override
    public Summary putSummary(SessionKey session, Summary summary) {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(summary, "summary");
        Instant now = now();
        Summary stored = summary.stored(summary.createdAt() == null ? now
                : summary.createdAt().truncatedTo(ChronoUnit.MICROS));
        return inTransaction("store summary of session " + session, c -> {
            long lastSequence = touch(c, session, now, 0, 0);
            if (summary.coversThroughSequence() > lastSequence) {
                throw new IllegalArgumentException("coversThroughSequence: " + summary.coversThroughSequence()
                        + " is beyond the last message of session " + session + " (" + lastSequence + ")");
            }
            try (PreparedStatement delete = c.prepareStatement(
                    "DELETE FROM osprey_session_summary_v2 WHERE " + OF_THIS_SESSION + " AND covers_through = ?")) {
                setKey(delete, 1, session);
                delete.setLong(3, summary.coversThroughSequence());
                delete.executeUpdate();
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO osprey_session_summary_v2"
                    + " (owner, session_id, covers_through, summary_text, token_count, summary_method, created_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                setKey(insert, 1, session);
                insert.setLong(3, stored.coversThroughSequence());
                insert.setString(4, stored.text());
                insert.setInt(5, stored.tokenCount());
                insert.setString(6, stored.method().wireName());
                setInstant(insert, 7, stored.createdAt());
                insert.executeUpdate();
            }
            return stored;
        });
    }

    @Override
    public Optional<Summary> latestSummary(SessionKey session) {
        Objects.requireNonNull(session, "session");
        Instant now = now();
        return inTransaction("read summary of session " + session, c -> {
            requireAlive(c, session, now);
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT covers_through, summary_text, token_count, summary_method, created_at"
                            + " FROM osprey_session_summary_v2 WHERE " + OF_THIS_SESSION
                            + " ORDER BY covers_through DESC FETCH FIRST 1 ROWS ONLY")) {
                setKey(select, 1, session);
                try (ResultSet rs = select.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new Summary(rs.getLong(1), rs.getString(2), rs.getInt(3),
                            SummaryMethod.of(rs.getString(4)), instant(rs, 5)));
                }
            }
        });
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            pool.close();
        }
    }

    @Override
    public String toString() {
        return "JdbcSessionStore[" + database + ", idleTimeout=" + idleTimeout + "]";
    }

    private void createSchema() {
        SqlDialect dialect = database.dialect();
        inTransaction("create session tables", c -> {
            try (Statement statement = c.createStatement()) {
                if (dialect.schemaLock() != null) {
                    statement.execute(dialect.schemaLock());
                }
                for (String ddl : dialect.schema()) {
                    statement.execute(ddl);
                }
                if (hasTable(c, SqlDialect.LEGACY_SESSION_TABLE)) {
                    for (String move : SqlDialect.moveLegacySessions()) {
                        statement.execute(move);
                    }
                }
            }
            return null;
        });
    }

    /** Whether the connection's current schema holds {@code table} (in whatever case the database folds it to). */
    private static boolean hasTable(Connection c, String table) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        for (String name : new String[] {table, table.toUpperCase(java.util.Locale.ROOT)}) {
            try (ResultSet rs = meta.getTables(c.getCatalog(), c.getSchema(), name, new String[] {"TABLE"})) {
                while (rs.next()) {
                    if (rs.getString("TABLE_NAME").equalsIgnoreCase(table)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * Marks a live session active and adds to its counters, holding its row lock until commit.
     *
     * @return the message count after the update (the new message's sequence when one is added)
     * @throws UnknownSessionException when the session is missing or expired
     */
    private long touch(Connection c, SessionKey session, Instant now, int tokens, int messages) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE osprey_session_v2 SET"
                + " message_count = message_count + ?, total_tokens = total_tokens + ?,"
                + " last_active_at = GREATEST(last_active_at, ?) WHERE " + THIS_SESSION + " AND " + ALIVE)) {
            update.setInt(1, messages);
            update.setLong(2, tokens);
            setInstant(update, 3, now);
            setKey(update, 4, session);
            setInstant(update, 6, cutoff(now));
            if (update.executeUpdate() == 0) {
                throw new UnknownSessionException(session.id());
            }
        }
        try (PreparedStatement select = c.prepareStatement(
                "SELECT message_count FROM osprey_session_v2 WHERE " + THIS_SESSION)) {
            setKey(select, 1, session);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    throw new UnknownSessionException(session.id());
                }
                return rs.getLong(1);
            }
        }
    }

    private Session requireAlive(Connection c, SessionKey session, Instant now) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "SELECT " + SESSION_COLUMNS + " FROM osprey_session_v2 WHERE " + THIS_SESSION + " AND " + ALIVE)) {
            setKey(select, 1, session);
            setInstant(select, 3, cutoff(now));
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    throw new UnknownSessionException(session.id());
                }
                return new Session(rs.getString(1), instant(rs, 2), instant(rs, 3), rs.getLong(4), rs.getLong(5));
            }
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private Instant cutoff(Instant now) {
        return now.minus(idleTimeout);
    }

    /** Sets the owner at {@code index} and the session id at {@code index + 1}. */
    private static void setKey(PreparedStatement statement, int index, SessionKey session) throws SQLException {
        statement.setString(index, session.owner());
        statement.setString(index + 1, session.id());
    }

    private static void setInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
        statement.setObject(index, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction on a pooled connection; retries it when the database reports
     * a serialization failure, deadlock or lock timeout. Exceptions the work throws on purpose (unknown
     * session, invalid input) roll back and pass through.
     */
    private <T> T inTransaction(String what, SqlWork<T> work) {
        if (closed.get()) {
            throw new IllegalStateException("session store is closed: " + this);
        }
        for (int attempt = 1; ; attempt++) {
            Connection c;
            try {
                c = pool.borrow();
            } catch (SQLException e) {
                throw new SessionStorageException(what + ": cannot connect to " + database + ": " + e.getMessage(), e);
            }
            boolean broken = false;
            try {
                c.setAutoCommit(false);
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException e) {
                broken = !rollback(c) || isConnectionFailure(e);
                if (isTransient(e) && attempt < MAX_ATTEMPTS) {
                    continue;
                }
                throw new SessionStorageException(what + " failed: " + e.getMessage(), e);
            } catch (RuntimeException | Error e) {
                broken = !rollback(c);
                throw e;
            } finally {
                pool.release(c, broken);
            }
        }
    }

    /** Rolls back; false when the connection is no longer usable. */
    private static boolean rollback(Connection c) {
        try {
            c.rollback();
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static boolean isTransient(SQLException e) {
        String state = e.getSQLState();
        // 40001 serialization failure, 40P01 deadlock (PostgreSQL); HYT00 lock timeout (H2)
        return state != null && (state.startsWith("40") || state.equals("HYT00"));
    }

    private static boolean isConnectionFailure(SQLException e) {
        String state = e.getSQLState();
        return state != null && state.startsWith("08");
    }
}
