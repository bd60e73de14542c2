package dev.osprey.context.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.osprey.context.conversation.SessionKey;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SessionStore} does, run against each database by a subclass that says how to
 * open a store on the same storage again and again (to check that a restart loses nothing).
 */
abstract class SessionStoreContract {
    static final Instant START = Instant.parse("2025-06-01T10:00:00.123456Z");
    static final Duration IDLE = Duration.ofMinutes(30);

    private final List<SessionStore> opened = new ArrayList<>();
    final MutableClock clock = new MutableClock(START);

    /** This test's storage: every store opened on it sees what earlier ones wrote. */
    abstract SessionDatabase database();

    /** The database's type for long text. */
    abstract String textType();

    SessionStore openStore(Clock clock, Duration idleTimeout) {
        return JdbcSessionStore.open(database(), idleTimeout, clock);
    }

    /** A session of the empty owner. */
    static SessionKey key(String id) {
        return new SessionKey("", id);
    }

    SessionStore open() {
        SessionStore store = openStore(clock, IDLE);
        opened.add(store);
        return store;
    }

    @AfterEach
    void closeStores() {
        opened.forEach(SessionStore::close);
    }

    @Test
    void appendsGetGapFreeSequenceNumbersAndComeBackInOrder() {
        SessionStore store = open();
        store.create(key("s1"));
        Message first = store.append(key("s1"), Message.of(Role.SYSTEM, "You are a code assistant.", 6));
        clock.advance(Duration.ofSeconds(1));
        Message second = store.append(key("s1"), Message.of("user", "Explain this loop", 4));
        clock.advance(Duration.ofSeconds(1));
        Message third = store.append(key("s1"), Message.of(Role.ASSISTANT, "It sums the array.", 5));

        assertThat(List.of(first.sequence(), second.sequence(), third.sequence())).containsExactly(1L, 2L, 3L);
        assertThat(second.timestamp()).isEqualTo(START.plusSeconds(1));
        assertThat(store.messages(key("s1"))).containsExactly(first, second, third);
        assertThat(store.messages(key("s1"))).extracting(Message::role)
                .containsExactly(Role.SYSTEM, Role.USER, Role.ASSISTANT);
        assertThat(store.messagesAfter(key("s1"), 1)).containsExactly(second, third);
        assertThat(store.messagesAfter(key("s1"), 3)).isEmpty();
    }

    @Test
    void sessionCountsMessagesAndTokens() {
        SessionStore store = open();
        Session created = store.create(key("s1"));
        assertThat(created).isEqualTo(new Session("s1", START, START, 0, 0));
        store.append(key("s1"), Message.of(Role.USER, "a", 10));
        clock.advance(Duration.ofMinutes(2));
        store.append(key("s1"), Message.of(Role.ASSISTANT, "b", 32));
        store.append(key("s1"), Message.of(Role.TOOL, "", 0));

        assertThat(store.get(key("s1"))).isEqualTo(new Session("s1", START, START.plus(Duration.ofMinutes(2)), 3, 42));
    }

    @Test
    void messagesKeepTheirContentAndAGivenTimestamp() {
        SessionStore store = open();
        store.create(key("s1"));
        String unicode = "Grüße, 世界 🦅 \"quotes\" 'single' \\ back\nslash\ttab";
        String large = "x".repeat(200_000);
        Instant written = Instant.parse("2025-05-31T23:59:59.999999Z");
        Message a = store.append(key("s1"), new Message(Role.USER, unicode, 17, written, 0));
        Message b = store.append(key("s1"), Message.of(Role.ASSISTANT, large, 50_000));

        assertThat(a.timestamp()).isEqualTo(written);
        assertThat(store.messages(key("s1"))).containsExactly(a, b);
        assertThat(store.messages(key("s1")).get(1).content()).hasSize(200_000);
    }

    @Test
    void generatedIdsAreDistinctAndTakenIdsAreRefused() {
        SessionStore store = open();
        Session a = store.create("");
        Session b = store.create("");
        assertThat(a.id()).isNotBlank().isNotEqualTo(b.id());
        assertThat(store.get(key(a.id())).messageCount()).isZero();

        store.create(key("taken"));
        assertThatThrownBy(() -> store.create(key("taken")))
                .isInstanceOf(SessionExistsException.class)
                .hasMessageContaining("taken");
    }

    @Test
    void aRestartLosesNothing() {
        SessionStore store = open();
        store.create(key("kept"));
        List<Message> written = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(3));
            written.add(store.append(key("kept"), Message.of(i % 2 == 0 ? Role.USER : Role.ASSISTANT, "turn " + i, i + 1)));
        }
        Summary summary = store.putSummary(key("kept"), Summary.of(4, "user asked four things", 5, SummaryMethod.MODEL));
        Session before = store.get(key("kept"));
        store.close();

        SessionStore reopened = open();
        assertThat(reopened.get(key("kept"))).isEqualTo(before);
        assertThat(reopened.messages(key("kept"))).isEqualTo(written);
        assertThat(reopened.latestSummary(key("kept"))).contains(summary);
        assertThat(reopened.append(key("kept"), Message.of(Role.USER, "after restart", 3)).sequence()).isEqualTo(6);
    }

    @Test
    void idleSessionsReadAsUnknownAndExpireIdleRemovesThem() {
        SessionStore store = open();
        store.create(key("idle"));
        store.append(key("idle"), Message.of(Role.USER, "hello", 1));
        store.create(key("busy"));
        clock.advance(Duration.ofMinutes(20));
        store.append(key("busy"), Message.of(Role.USER, "still here", 2));
        clock.advance(Duration.ofMinutes(15)); // idle: 35 min since its append; busy: 15 min

        assertThatThrownBy(() -> store.get(key("idle"))).isInstanceOf(UnknownSessionException.class);
        assertThatThrownBy(() -> store.messages(key("idle"))).isInstanceOf(UnknownSessionException.class);
        assertThatThrownBy(() -> store.append(key("idle"), Message.of(Role.USER, "late", 1)))
                .isInstanceOf(UnknownSessionException.class);
        assertThatThrownBy(() -> store.latestSummary(key("idle"))).isInstanceOf(UnknownSessionException.class);
        assertThat(store.get(key("busy")).messageCount()).isEqualTo(1);

        assertThat(store.expireIdle()).isEqualTo(1);
        assertThat(store.expireIdle()).isZero();

        clock.set(START); // gone for good, not just hidden by the clock
        assertThatThrownBy(() -> store.get(key("idle"))).isInstanceOf(UnknownSessionException.class);
        assertThat(store.get(key("busy")).messageCount()).isEqualTo(1);
    }

    @Test
    void aSessionIdleForExactlyTheTimeoutIsStillAlive() {
        SessionStore store = open();
        store.create(key("edge"));
        clock.advance(IDLE);
        assertThat(store.get(key("edge")).id()).isEqualTo("edge");
        assertThat(store.expireIdle()).isZero();
        clock.advance(Duration.ofNanos(1_000));
        assertThatThrownBy(() -> store.get(key("edge"))).isInstanceOf(UnknownSessionException.class);
    }

    @Test
    void readingDoesNotKeepASessionAliveButWritingDoes() {
        SessionStore store = open();
        store.create(key("s"));
        store.append(key("s"), Message.of(Role.USER, "q", 1));
        clock.advance(Duration.ofMinutes(25));
        store.messages(key("s"));
        store.get(key("s"));
        clock.advance(Duration.ofMinutes(10));
        assertThatThrownBy(() -> store.get(key("s"))).isInstanceOf(UnknownSessionException.class);

        store.create(key("t"));
        store.append(key("t"), Message.of(Role.USER, "q", 1));
        clock.advance(Duration.ofMinutes(25));
        store.putSummary(key("t"), Summary.of(1, "a question", 2, SummaryMethod.EXTRACTIVE));
        clock.advance(Duration.ofMinutes(10));
        assertThat(store.get(key("t")).lastActiveAt()).isEqualTo(clock.instant().minus(Duration.ofMinutes(10)));
    }

    @Test
    void anExpiredIdCanBeCreatedAgainWithAnEmptyHistory() {
        SessionStore store = open();
        store.create(key("again"));
        store.append(key("again"), Message.of(Role.USER, "old", 1));
        store.putSummary(key("again"), Summary.of(1, "old", 1, SummaryMethod.EXTRACTIVE));
        clock.advance(IDLE.plusSeconds(1));

        Session fresh = store.create(key("again"));
        assertThat(fresh.messageCount()).isZero();
        assertThat(store.messages(key("again"))).isEmpty();
        assertThat(store.latestSummary(key("again"))).isEmpty();
        assertThat(store.append(key("again"), Message.of(Role.USER, "new", 1)).sequence()).isEqualTo(1);
    }

    @Test
    void summariesAreCachedPerSessionAndTheWidestIsLatest() {
        SessionStore store = open();
        store.create(key("s"));
        store.create(key("other"));
        for (int i = 1; i <= 6; i++) {
            store.append(key("s"), Message.of(Role.USER, "m" + i, 10));
        }
        assertThat(store.latestSummary(key("s"))).isEmpty();

        Summary two = store.putSummary(key("s"), Summary.of(2, "first two", 4, SummaryMethod.EXTRACTIVE));
        assertThat(two.createdAt()).isEqualTo(START);
        clock.advance(Duration.ofSeconds(5));
        Summary four = store.putSummary(key("s"), Summary.of(4, "first four", 7, SummaryMethod.MODEL));
        clock.advance(Duration.ofSeconds(5));
        store.putSummary(key("s"), Summary.of(3, "first three", 6, SummaryMethod.MODEL));
        assertThat(store.latestSummary(key("s"))).contains(four);
        assertThat(store.latestSummary(key("other"))).isEmpty();

        Summary fourAgain = store.putSummary(key("s"), Summary.of(4, "first four, better", 8, SummaryMethod.MODEL));
        assertThat(store.latestSummary(key("s"))).contains(fourAgain);
        assertThat(fourAgain.createdAt()).isEqualTo(START.plusSeconds(10));
        assertThat(fourAgain.method()).isEqualTo(SummaryMethod.MODEL);

        assertThatThrownBy(() -> store.putSummary(key("s"), Summary.of(7, "too far", 1, SummaryMethod.MODEL)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("coversThroughSequence");
        assertThat(store.latestSummary(key("s"))).contains(fourAgain);
    }

    @Test
    void unknownSessionsAreReportedByName() {
        SessionStore store = open();
        assertThatThrownBy(() -> store.get(key("nope")))
                .isInstanceOfSatisfying(UnknownSessionException.class,
                        e -> assertThat(e.sessionId()).isEqualTo("nope"))
                .hasMessageContaining("'nope'");
        assertThatThrownBy(() -> store.messages(key("nope"))).isInstanceOf(UnknownSessionException.class);
        assertThatThrownBy(() -> store.append(key("nope"), Message.of(Role.USER, "x", 1)))
                .isInstanceOf(UnknownSessionException.class);
        assertThatThrownBy(() -> store.putSummary(key("nope"), Summary.of(1, "x", 1, SummaryMethod.MODEL)))
                .isInstanceOf(UnknownSessionException.class);
        assertThatThrownBy(() -> store.latestSummary(key("nope"))).isInstanceOf(UnknownSessionException.class);
        assertThat(store.delete(key("nope"))).isFalse();
    }

    @Test
    void deleteRemovesHistoryAndSummaries() {
        SessionStore store = open();
        store.create(key("gone"));
        store.append(key("gone"), Message.of(Role.USER, "x", 1));
        store.putSummary(key("gone"), Summary.of(1, "x", 1, SummaryMethod.EXTRACTIVE));
        assertThat(store.delete(key("gone"))).isTrue();
        assertThatThrownBy(() -> store.messages(key("gone"))).isInstanceOf(UnknownSessionException.class);
        assertThat(store.delete(key("gone"))).isFalse();

        store.create(key("gone"));
        assertThat(store.messages(key("gone"))).isEmpty();
        assertThat(store.latestSummary(key("gone"))).isEmpty();
        assertThat(store.append(key("gone"), Message.of(Role.USER, "y", 1)).sequence()).isEqualTo(1);
    }

    @Test
    void invalidInputIsRejectedNamingTheField() {
        SessionStore store = open();
        store.create(key("ok"));
        assertThatThrownBy(() -> store.create(key(" "))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("sessionId");
        assertThatThrownBy(() -> store.create(key(null))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("sessionId");
        assertThatThrownBy(() -> store.get(key("a\u0000b"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("sessionId");
        String longest = "x".repeat(SessionStore.MAX_ID_LENGTH);
        assertThat(store.create(key(longest)).id()).isEqualTo(longest);
        assertThatThrownBy(() -> store.create(key(longest + "x"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("sessionId").hasMessageContaining("129");
        assertThatThrownBy(() -> store.append(key("ok"), Message.of("robot", "beep", 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("role")
                .hasMessageContaining("robot");
        assertThatThrownBy(() -> Message.of(Role.USER, "x", -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("tokenCount");
        assertThatThrownBy(() -> Message.of(Role.USER, null, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("content");
        Message stored = store.append(key("ok"), Message.of(Role.USER, "x", 1));
        assertThatThrownBy(() -> store.append(key("ok"), stored)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("sequence");
        assertThatThrownBy(() -> Summary.of(1, "x", -3, SummaryMethod.MODEL))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("tokenCount");
        assertThatThrownBy(() -> Summary.of(0, "x", 3, SummaryMethod.MODEL))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("coversThroughSequence");
        assertThatThrownBy(() -> SummaryMethod.of("magic"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("method");
        assertThatThrownBy(() -> openStore(clock, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("idleTimeout");
        assertThat(store.get(key("ok")).messageCount()).isEqualTo(1);
    }

    @Test
    void concurrentAppendsToOneSessionGetGapFreeSequences() throws Exception {
        SessionStore store = open();
        store.create(key("busy"));
        int threads = 8;
        int perThread = 50;
        CountDownLatch go = new CountDownLatch(1);
        Map<Integer, List<Long>> sequencesByThread = Collections.synchronizedMap(new HashMap<>());
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    go.await();
                    List<Long> mine = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        mine.add(store.append(key("busy"), Message.of(Role.USER, thread + ":" + i, thread + 1)).sequence());
                    }
                    sequencesByThread.put(thread, mine);
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> future : futures) {
                future.get();
            }
        }

        List<Message> messages = store.messages(key("busy"));
        assertThat(messages).extracting(Message::sequence)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, threads * perThread).mapToObj(i -> (long) i).toList());
        for (int t = 0; t < threads; t++) {
            List<Long> mine = sequencesByThread.get(t);
            assertThat(mine).as("thread %d sees its own appends in order", t).isSorted().doesNotHaveDuplicates();
            int thread = t;
            List<String> contents = messages.stream().map(Message::content)
                    .filter(c -> c.startsWith(thread + ":")).toList();
            assertThat(contents).containsExactlyElementsOf(
                    IntStream.range(0, perThread).mapToObj(i -> thread + ":" + i).toList());
        }
        long expectedTokens = (long) perThread * IntStream.rangeClosed(1, threads).sum();
        assertThat(store.get(key("busy"))).extracting(Session::messageCount, Session::totalTokens)
                .containsExactly((long) threads * perThread, expectedTokens);
    }

    @Test
    void twoStoresOnOneDatabaseShareSessions() {
        SessionStore a = open();
        SessionStore b = open();
        a.create(key("shared"));
        a.append(key("shared"), Message.of(Role.USER, "from a", 1));
        b.append(key("shared"), Message.of(Role.ASSISTANT, "from b", 2));
        assertThat(a.messages(key("shared"))).extracting(Message::content).containsExactly("from a", "from b");
        assertThat(b.get(key("shared")).totalTokens()).isEqualTo(3);
    }

    @Test
    void aClosedStoreRefusesCalls() {
        SessionStore store = open();
        store.close();
        store.close();
        assertThatThrownBy(() -> store.create(key("late"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theSameIdUnderTwoOwnersNamesTwoSessions() {
        SessionStore store = open();
        SessionKey alice = new SessionKey("alice", "chat");
        SessionKey bob = new SessionKey("bob", "chat");
        store.create(alice);
        store.append(alice, Message.of(Role.USER, "alice's secret", 3));
        store.putSummary(alice, Summary.of(1, "alice summary", 2, SummaryMethod.MODEL));

        for (SessionKey other : List.of(bob, key("chat"), new SessionKey("alice ", "chat"), new SessionKey("ALICE", "chat"))) {
            assertThatThrownBy(() -> store.get(other)).as(other.toString()).isInstanceOf(UnknownSessionException.class);
            assertThatThrownBy(() -> store.messages(other)).isInstanceOf(UnknownSessionException.class);
            assertThatThrownBy(() -> store.latestSummary(other)).isInstanceOf(UnknownSessionException.class);
            assertThatThrownBy(() -> store.append(other, Message.of(Role.USER, "x", 1)))
                    .isInstanceOf(UnknownSessionException.class);
            assertThatThrownBy(() -> store.putSummary(other, Summary.of(1, "x", 1, SummaryMethod.MODEL)))
                    .isInstanceOf(UnknownSessionException.class);
            assertThat(store.delete(other)).isFalse();
        }

        store.create(bob);
        store.append(bob, Message.of(Role.USER, "bob's own", 4));
        assertThat(store.messages(alice)).extracting(Message::content).containsExactly("alice's secret");
        assertThat(store.messages(bob)).extracting(Message::content).containsExactly("bob's own");
        assertThat(store.latestSummary(bob)).isEmpty();
        assertThat(store.delete(bob)).isTrue();
        assertThat(store.get(alice).totalTokens()).isEqualTo(3);
        assertThat(store.latestSummary(alice)).map(Summary::text).contains("alice summary");
    }

    @Test
    void ownersAreCheckedNamingTheField() {
        SessionStore store = open();
        String longest = "o".repeat(SessionKey.MAX_OWNER_LENGTH);
        store.create(new SessionKey(longest, "s"));
        assertThat(store.get(new SessionKey(longest, "s")).messageCount()).isZero();
        assertThatThrownBy(() -> new SessionKey(longest + "o", "s")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("owner");
        assertThatThrownBy(() -> new SessionKey("a\u0000b", "s")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("owner");
        assertThatThrownBy(() -> new SessionKey(null, "s")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("owner");
        assertThat(store.create("someone").id()).isNotBlank();
    }

    @Test
    void ownedSessionsSurviveARestart() {
        SessionStore store = open();
        SessionKey alice = new SessionKey("alice", "kept");
        store.create(alice);
        Message written = store.append(alice, Message.of(Role.USER, "hello", 2));
        store.close();

        SessionStore reopened = open();
        assertThat(reopened.messages(alice)).containsExactly(written);
        assertThatThrownBy(() -> reopened.get(new SessionKey("bob", "kept"))).isInstanceOf(UnknownSessionException.class);
    }

    /** The schema and rows a store of the version before owners left behind. */
    private void writeLegacyStore(SessionDatabase database) throws Exception {
        try (Connection c = DriverManager.getConnection(database.url(), database.user(), database.password());
             Statement st = c.createStatement()) {
            st.execute("CREATE TABLE osprey_session (id VARCHAR(128) PRIMARY KEY, created_at TIMESTAMP WITH TIME ZONE"
                    + " NOT NULL, last_active_at TIMESTAMP WITH TIME ZONE NOT NULL, message_count BIGINT NOT NULL,"
                    + " total_tokens BIGINT NOT NULL)");
            st.execute("CREATE TABLE osprey_session_message (session_id VARCHAR(128) NOT NULL REFERENCES osprey_session"
                    + " (id) ON DELETE CASCADE, seq BIGINT NOT NULL, role_name VARCHAR(16) NOT NULL, content " + textType()
                    + " NOT NULL, token_count INTEGER NOT NULL, created_at TIMESTAMP WITH TIME ZONE NOT NULL, PRIMARY KEY"
                    + " (session_id, seq))");
            st.execute("CREATE TABLE osprey_session_summary (session_id VARCHAR(128) NOT NULL REFERENCES osprey_session"
                    + " (id) ON DELETE CASCADE, covers_through BIGINT NOT NULL, summary_text " + textType() + " NOT NULL, token_count"
                    + " INTEGER NOT NULL, summary_method VARCHAR(16) NOT NULL, created_at TIMESTAMP WITH TIME ZONE NOT"
                    + " NULL, PRIMARY KEY (session_id, covers_through))");
            st.execute("INSERT INTO osprey_session VALUES ('old', TIMESTAMP WITH TIME ZONE '2025-06-01 10:00:00Z',"
                    + " TIMESTAMP WITH TIME ZONE '2025-06-01 10:00:00Z', 2, 7)");
            st.execute("INSERT INTO osprey_session_message VALUES ('old', 1, 'user', 'question', 3,"
                    + " TIMESTAMP WITH TIME ZONE '2025-06-01 10:00:00Z')");
            st.execute("INSERT INTO osprey_session_message VALUES ('old', 2, 'assistant', 'answer', 4,"
                    + " TIMESTAMP WITH TIME ZONE '2025-06-01 10:00:00Z')");
            st.execute("INSERT INTO osprey_session_summary VALUES ('old', 1, 'asked a question', 3, 'model',"
                    + " TIMESTAMP WITH TIME ZONE '2025-06-01 10:00:00Z')");
        }
    }

    @Test
    void sessionsStoredBeforeOwnersBelongToTheEmptyOwnerAfterAnUpgrade() throws Exception {
        writeLegacyStore(database());

        SessionStore store = open();
        assertThat(store.messages(key("old"))).extracting(Message::content).containsExactly("question", "answer");
        assertThat(store.get(key("old")).totalTokens()).isEqualTo(7);
        assertThat(store.latestSummary(key("old"))).map(Summary::text).contains("asked a question");
        assertThatThrownBy(() -> store.get(new SessionKey("alice", "old"))).isInstanceOf(UnknownSessionException.class);
        assertThat(store.append(key("old"), Message.of(Role.USER, "more", 1)).sequence()).isEqualTo(3);
        store.close();

        SessionStore reopened = open(); // moved once: the old tables are gone, the moved rows stay
        assertThat(reopened.messages(key("old"))).extracting(Message::content)
                .containsExactly("question", "answer", "more");
    }
}
