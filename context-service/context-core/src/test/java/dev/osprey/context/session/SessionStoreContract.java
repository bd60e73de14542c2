package dev.osprey.context.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    /** Opens a store on this test's storage: every call sees what earlier ones wrote. */
    abstract SessionStore openStore(Clock clock, Duration idleTimeout);

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
        store.create("s1");
        Message first = store.append("s1", Message.of(Role.SYSTEM, "You are a code assistant.", 6));
        clock.advance(Duration.ofSeconds(1));
        Message second = store.append("s1", Message.of("user", "Explain this loop", 4));
        clock.advance(Duration.ofSeconds(1));
        Message third = store.append("s1", Message.of(Role.ASSISTANT, "It sums the array.", 5));

        assertThat(List.of(first.sequence(), second.sequence(), third.sequence())).containsExactly(1L, 2L, 3L);
        assertThat(second.timestamp()).isEqualTo(START.plusSeconds(1));
        assertThat(store.messages("s1")).containsExactly(first, second, third);
        assertThat(store.messages("s1")).extracting(Message::role)
                .containsExactly(Role.SYSTEM, Role.USER, Role.ASSISTANT);
        assertThat(store.messagesAfter("s1", 1)).containsExactly(second, third);
        assertThat(store.messagesAfter("s1", 3)).isEmpty();
    }

    @Test
    void sessionCountsMessagesAndTokens() {
        SessionStore store = open();
        Session created = store.create("s1");
        assertThat(created).isEqualTo(new Session("s1", START, START, 0, 0));
        store.append("s1", Message.of(Role.USER, "a", 10));
        clock.advance(Duration.ofMinutes(2));
        store.append("s1", Message.of(Role.ASSISTANT, "b", 32));
        store.append("s1", Message.of(Role.TOOL, "", 0));

        assertThat(store.get("s1")).isEqualTo(new Session("s1", START, START.plus(Duration.ofMinutes(2)), 3, 42));
    }

    @Test
    void messagesKeepTheirContentAndAGivenTimestamp() {
        SessionStore store = open();
        store.create("s1");
        String unicode = "Grüße, 世界 🦅 \"quotes\" 'single' \\ back\nslash\ttab";
        String large = "x".repeat(200_000);
        Instant written = Instant.parse("2025-05-31T23:59:59.999999Z");
        Message a = store.append("s1", new Message(Role.USER, unicode, 17, written, 0));
        Message b = store.append("s1", Message.of(Role.ASSISTANT, large, 50_000));

        assertThat(a.timestamp()).isEqualTo(written);
        assertThat(store.messages("s1")).containsExactly(a, b);
        assertThat(store.messages("s1").get(1).content()).hasSize(200_000);
    }

    @Test
    void generatedIdsAreDistinctAndTakenIdsAreRefused() {
        SessionStore store = open();
        Session a = store.create();
        Session b = store.create();
        assertThat(a.id()).isNotBlank().isNotEqualTo(b.id());
        assertThat(store.get(a.id()).messageCount()).isZero();

        store.create("taken");
        assertThatThrownBy(() -> store.create("taken"))
                .isInstanceOf(SessionExistsException.class)
                .hasMessageContaining("taken");
    }

    @Test
    void aRestartLosesNothing() {
        SessionStore store = open();
        store.create("kept");
        List<Message> written = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(3));
            written.add(store.append("kept", Message.of(i % 2 == 0 ? Role.USER : Role.ASSISTANT, "turn " + i, i + 1)));
        }
        Summary summary = store.putSummary("kept", Summary.of(4, "user asked four things", 5, SummaryMethod.MODEL));
        Session before = store.get("kept");
        store.close();

        SessionStore reopened = open();
        assertThat(reopened.get("kept")).isEqualTo(before);
        assertThat(reopened.messages("kept")).isEqualTo(written);
        assertThat(reopened.latestSummary("kept")).contains(summary);
        assertThat(reopened.append("kept", Message.of(Role.USER, "after restart", 3)).sequence()).isEqualTo(6);
    }

    @Test
    void idleSessionsReadAsUnknownAndExpireIdleRemovesThem() {
        SessionStore store = open();
        store.create("idle");
        store.append("idle", Message.of(Role.USER, "hello", 1));
        store.create("busy");
        clock.advance(Duration.ofMinutes(20));
        store.append("busy", Message.of(Role.USER, "still here", 2));
        clock.advance(Duration.ofMinutes(15)); // idle: 35 min since its append; busy: 15 min

        assertThatThrownBy(() -> store.get("idle")).isInstanceOf(UnknownSessionException.class);
        assertThatThrownBy(() -> store.messages("idle")).isInstanceOf(UnknownSessionException.class);
        assertThatThrownBy(() -> store.append("idle", Message.of(Role.USER, "late", 1)))
                .isInstanceOf(UnknownSessionException.class);
        assertThatThrownBy(() -> store.latestSummary("idle")).isInstanceOf(UnknownSessionException.class);
        assertThat(store.get("busy").messageCount()).isEqualTo(1);

        assertThat(store.expireIdle()).isEqualTo(1);
        assertThat(store.expireIdle()).isZero();

        clock.set(START); // gone for good, not just hidden by the clock
        assertThatThrownBy(() -> store.get("idle")).isInstanceOf(UnknownSessionException.class);
        assertThat(store.get("busy").messageCount()).isEqualTo(1);
    }

    @Test
    void aSessionIdleForExactlyTheTimeoutIsStillAlive() {
        SessionStore store = open();
        store.create("edge");
        clock.advance(IDLE);
        assertThat(store.get("edge").id()).isEqualTo("edge");
        assertThat(store.expireIdle()).isZero();
        clock.advance(Duration.ofNanos(1_000));
        assertThatThrownBy(() -> store.get("edge")).isInstanceOf(UnknownSessionException.class);
    }

    @Test
    void readingDoesNotKeepASessionAliveButWritingDoes() {
        SessionStore store = open();
        store.create("s");
        store.append("s", Message.of(Role.USER, "q", 1));
        clock.advance(Duration.ofMinutes(25));
        store.messages("s");
        store.get("s");
        clock.advance(Duration.ofMinutes(10));
        assertThatThrownBy(() -> store.get("s")).isInstanceOf(UnknownSessionException.class);

        store.create("t");
        store.append("t", Message.of(Role.USER, "q", 1));
        clock.advance(Duration.ofMinutes(25));
        store.putSummary("t", Summary.of(1, "a question", 2, SummaryMethod.EXTRACTIVE));
        clock.advance(Duration.ofMinutes(10));
        assertThat(store.get("t").lastActiveAt()).isEqualTo(clock.instant().minus(Duration.ofMinutes(10)));
    }

    @Test
    void anExpiredIdCanBeCreatedAgainWithAnEmptyHistory() {
        SessionStore store = open();
        store.create("again");
        store.append("again", Message.of(Role.USER, "old", 1));
        store.putSummary("again", Summary.of(1, "old", 1, SummaryMethod.EXTRACTIVE));
        clock.advance(IDLE.plusSeconds(1));

        Session fresh = store.create("again");
        assertThat(fresh.messageCount()).isZero();
        assertThat(store.messages("again")).isEmpty();
        assertThat(store.latestSummary("again")).isEmpty();
        assertThat(store.append("again", Message.of(Role.USER, "new", 1)).sequence()).isEqualTo(1);
    }

    @Test
    void summariesAreCachedPerSessionAndTheWidestIsLatest() {
        SessionStore store = open();
        store.create("s");
        store.create("other");
        for (int i = 1; i <= 6; i++) {
            store.append("s", Message.of(Role.USER, "m" + i, 10));
        }
        assertThat(store.latestSummary("s")).isEmpty();

        Summary two = store.putSummary("s", Summary.of(2, "first two", 4, SummaryMethod.EXTRACTIVE));
        assertThat(two.createdAt()).isEqualTo(START);
        clock.advance(Duration.ofSeconds(5));
        Summary four = store.putSummary("s", Summary.of(4, "first four", 7, SummaryMethod.MODEL));
        clock.advance(Duration.ofSeconds(5));
        store.putSummary("s", Summary.of(3, "first three", 6, SummaryMethod.MODEL));
        assertThat(store.latestSummary("s")).contains(four);
        assertThat(store.latestSummary("other")).isEmpty();

        Summary fourAgain = store.putSummary("s", Summary.of(4, "first four, better", 8, SummaryMethod.MODEL));
        assertThat(store.latestSummary("s")).contains(fourAgain);
        assertThat(fourAgain.createdAt()).isEqualTo(START.plusSeconds(10));
        assertThat(fourAgain.method()).isEqualTo(SummaryMethod.MODEL);

        assertThatThrownBy(() -> store.putSummary("s", Summary.of(7, "too far", 1, SummaryMethod.MODEL)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("coversThroughSequence");
        assertThat(store.latestSummary("s")).contains(fourAgain);
    }

    @Test
    void unknownSessionsAreReportedByName() {
        SessionStore store = open();
        assertThatThrownBy(() -> store.get("nope"))
                .isInstanceOfSatisfying(UnknownSessionException.class,
                        e -> assertThat(e.sessionId()).isEqualTo("nope"))
                .hasMessageContaining("'nope'");
        assertThatThrownBy(() -> store.messages("nope")).isInstanceOf(UnknownSessionException.class);
        assertThatThrownBy(() -> store.append("nope", Message.of(Role.USER, "x", 1)))
                .isInstanceOf(UnknownSessionException.class);
        assertThatThrownBy(() -> store.putSummary("nope", Summary.of(1, "x", 1, SummaryMethod.MODEL)))
                .isInstanceOf(UnknownSessionException.class);
        assertThatThrownBy(() -> store.latestSummary("nope")).isInstanceOf(UnknownSessionException.class);
        assertThat(store.delete("nope")).isFalse();
    }

    @Test
    void deleteRemovesHistoryAndSummaries() {
        SessionStore store = open();
        store.create("gone");
        store.append("gone", Message.of(Role.USER, "x", 1));
        store.putSummary("gone", Summary.of(1, "x", 1, SummaryMethod.EXTRACTIVE));
        assertThat(store.delete("gone")).isTrue();
        assertThatThrownBy(() -> store.messages("gone")).isInstanceOf(UnknownSessionException.class);
        assertThat(store.delete("gone")).isFalse();

        store.create("gone");
        assertThat(store.messages("gone")).isEmpty();
        assertThat(store.latestSummary("gone")).isEmpty();
        assertThat(store.append("gone", Message.of(Role.USER, "y", 1)).sequence()).isEqualTo(1);
    }

    @Test
    void invalidInputIsRejectedNamingTheField() {
        SessionStore store = open();
        store.create("ok");
        assertThatThrownBy(() -> store.create(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("sessionId");
        assertThatThrownBy(() -> store.create(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("sessionId");
        assertThatThrownBy(() -> store.get("a\u0000b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("sessionId");
        String longest = "x".repeat(SessionStore.MAX_ID_LENGTH);
        assertThat(store.create(longest).id()).isEqualTo(longest);
        assertThatThrownBy(() -> store.create(longest + "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("sessionId").hasMessageContaining("129");
        assertThatThrownBy(() -> store.append("ok", Message.of("robot", "beep", 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("role")
                .hasMessageContaining("robot");
        assertThatThrownBy(() -> Message.of(Role.USER, "x", -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("tokenCount");
        assertThatThrownBy(() -> Message.of(Role.USER, null, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("content");
        Message stored = store.append("ok", Message.of(Role.USER, "x", 1));
        assertThatThrownBy(() -> store.append("ok", stored)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("sequence");
        assertThatThrownBy(() -> Summary.of(1, "x", -3, SummaryMethod.MODEL))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("tokenCount");
        assertThatThrownBy(() -> Summary.of(0, "x", 3, SummaryMethod.MODEL))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("coversThroughSequence");
        assertThatThrownBy(() -> SummaryMethod.of("magic"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("method");
        assertThatThrownBy(() -> openStore(clock, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("idleTimeout");
        assertThat(store.get("ok").messageCount()).isEqualTo(1);
    }

    @Test
    void concurrentAppendsToOneSessionGetGapFreeSequences() throws Exception {
        SessionStore store = open();
        store.create("busy");
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
                        mine.add(store.append("busy", Message.of(Role.USER, thread + ":" + i, thread + 1)).sequence());
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

        List<Message> messages = store.messages("busy");
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
        assertThat(store.get("busy")).extracting(Session::messageCount, Session::totalTokens)
                .containsExactly((long) threads * perThread, expectedTokens);
    }

    @Test
    void twoStoresOnOneDatabaseShareSessions() {
        SessionStore a = open();
        SessionStore b = open();
        a.create("shared");
        a.append("shared", Message.of(Role.USER, "from a", 1));
        b.append("shared", Message.of(Role.ASSISTANT, "from b", 2));
        assertThat(a.messages("shared")).extracting(Message::content).containsExactly("from a", "from b");
        assertThat(b.get("shared").totalTokens()).isEqualTo(3);
    }

    @Test
    void aClosedStoreRefusesCalls() {
        SessionStore store = open();
        store.close();
        store.close();
        assertThatThrownBy(() -> store.create("late")).isInstanceOf(IllegalStateException.class);
    }
}
