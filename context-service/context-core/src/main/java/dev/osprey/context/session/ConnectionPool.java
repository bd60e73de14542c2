package dev.osprey.context.session;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * At most {@code maxConnections} JDBC connections, opened on demand and kept until {@link #close()}.
 * A caller that finds all of them in use waits for one.
 */
final class ConnectionPool implements AutoCloseable {
    private static final long BORROW_TIMEOUT_SECONDS = 30;

    private final SessionDatabase database;
    private final Semaphore permits;
    private final LinkedBlockingDeque<Connection> idle = new LinkedBlockingDeque<>();
    private volatile boolean closed;

    ConnectionPool(SessionDatabase database, int maxConnections) {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections: must be >= 1, was " + maxConnections);
        }
        this.database = database;
        this.permits = new Semaphore(maxConnections, true);
    }

    /** A connection for the caller alone until it hands it back with {@link #release}. */
    Connection borrow() throws SQLException {
        try {
            if (!permits.tryAcquire(BORROW_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new SQLException("no session database connection free within " + BORROW_TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for a session database connection", e);
        }
        try {
            Connection connection = idle.pollFirst();
            return connection != null ? connection
                    : DriverManager.getConnection(database.url(), database.user(), database.password());
        } catch (SQLException | RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    /** Returns a borrowed connection; a broken one (or any, once closed) is closed instead of kept. */
    void release(Connection connection, boolean broken) {
        try {
            if (broken || closed) {
                closeQuietly(connection);
            } else {
                idle.offerFirst(connection);
                if (closed && idle.remove(connection)) {
                    closeQuietly(connection);
                }
            }
        } finally {
            permits.release();
        }
    }

    @Override
    public void close() {
        closed = true;
        Connection connection;
        while ((connection = idle.pollFirst()) != null) {
            closeQuietly(connection);
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // the connection is being discarded either way
        }
    }
}
