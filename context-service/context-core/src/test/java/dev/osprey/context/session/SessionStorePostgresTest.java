package dev.osprey.context.session;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.osprey.testkit.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** Scale-out: a real PostgreSQL server started for this class (skipped where none is installed). */
class SessionStorePostgresTest extends SessionStoreContract {
    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startPostgres() {
        if (EmbeddedPostgres.available()) {
            postgres = EmbeddedPostgres.start();
        }
    }

    @AfterAll
    static void stopPostgres() {
        if (postgres != null) {
            postgres.close();
        }
    }

    /** Skips each test on its own, so that the reports list every one with the reason. */
    @BeforeEach
    void dropTables() throws SQLException {
        assumeTrue(postgres != null, EmbeddedPostgres::unavailableReason);
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
                Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS osprey_session_summary, osprey_session_message, osprey_session,"
                    + " osprey_session_summary_v2, osprey_session_message_v2, osprey_session_v2");
        }
    }

    @Override
    SessionDatabase database() {
        return SessionDatabase.postgres(postgres.jdbcUrl(), postgres.user(), postgres.password());
    }

    @Override
    String textType() {
        return "TEXT";
    }
}
