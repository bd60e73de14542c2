package dev.osprey.context.compaction;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.context.conversation.SessionKey;
import dev.osprey.context.conversation.Turn;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CompactorTest {
    /** One token per whitespace-separated word. */
    private static int words(String text) {
        String t = text.strip();
        return t.isEmpty() ? 0 : t.split("\\s+").length;
    }

    private static List<Turn> turns(int from, int to) {
        List<Turn> turns = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            turns.add(new Turn(i % 2 == 0 ? "user" : "assistant", "message number " + i + " about the parser", i));
        }
        return turns;
    }

    static final class MapCache implements SummaryCache {
        final Map<SessionKey, Summary> map = new HashMap<>();

        @Override
        public Optional<Summary> latest(SessionKey session) {
            return Optional.ofNullable(map.get(session));
        }

        @Override
        public void put(SessionKey session, Summary summary) {
            map.put(session, summary);
        }
    }

    static final class CountingSummarizer implements Summarizer {
        final List<String> calls = new ArrayList<>();

        @Override
        public Optional<String> summarize(String previous, List<Turn> turns, int maxTokens) {
            calls.add((previous == null ? "-" : previous) + " + " + turns.getFirst().sequence() + ".."
                    + turns.getLast().sequence());
            return Optional.of("summary through " + turns.getLast().sequence());
        }
    }

    @Test
    void theModelSummarisesAStretchOnceAndExtendsItWithNewerTurnsOnly() {
        CountingSummarizer model = new CountingSummarizer();
        MapCache cache = new MapCache();
        Compactor compactor = new Compactor(model, cache, CompactorTest::words);

        Summary first = compactor.compact(new SessionKey("", "s1"), turns(1, 6), 50);
        assertThat(first.method()).isEqualTo(CompactionMethod.MODEL_SUMMARY);
        assertThat(first.coversThroughSequence()).isEqualTo(6);
        assertThat(compactor.compact(new SessionKey("", "s1"), turns(1, 6), 50)).isEqualTo(first);
        assertThat(model.calls).containsExactly("- + 1..6");

        Summary second = compactor.compact(new SessionKey("", "s1"), turns(1, 9), 50);
        assertThat(model.calls).containsExactly("- + 1..6", "summary through 6 + 7..9");
        assertThat(second.text()).isEqualTo("summary through 9");
        assertThat(cache.latest(new SessionKey("", "s1"))).contains(second);
        assertThat(compactor.compact(new SessionKey("", "s2"), turns(1, 6), 50).coversThroughSequence()).isEqualTo(6);
        assertThat(model.calls).hasSize(3);
    }

    @Test
    void withoutInferenceTheNewestTurnsAreKeptExtractivelyWithinTheBudgetAndNothingIsCached() {
        MapCache cache = new MapCache();
        Compactor compactor = new Compactor(null, cache, CompactorTest::words);
        Summary s = compactor.compact(new SessionKey("", "s1"), turns(1, 10), 20);
        assertThat(s.method()).isEqualTo(CompactionMethod.EXTRACTIVE);
        assertThat(s.tokens()).isLessThanOrEqualTo(20);
        assertThat(s.text()).contains("message number 10").doesNotContain("message number 1 ");
        assertThat(s.text().indexOf("number 9")).isLessThan(s.text().indexOf("number 10"));
        assertThat(cache.map).isEmpty();
    }

    @Test
    void aFailingOrEmptyModelFallsBackToExtraction() {
        Summarizer failing = (previous, turns, max) -> {
            throw new IllegalStateException("inference down");
        };
        assertThat(new Compactor(failing, new MapCache(), CompactorTest::words).compact(new SessionKey("", "s"), turns(1, 3), 30).method())
                .isEqualTo(CompactionMethod.EXTRACTIVE);
        Summarizer empty = (previous, turns, max) -> Optional.empty();
        assertThat(new Compactor(empty, new MapCache(), CompactorTest::words).compact(new SessionKey("", "s"), turns(1, 3), 30).method())
                .isEqualTo(CompactionMethod.EXTRACTIVE);
    }

    @Test
    void aModelSummaryOverTheBudgetIsCutToIt() {
        Summarizer verbose = (previous, turns, max) -> Optional.of("word ".repeat(200));
        Summary s = new Compactor(verbose, new MapCache(), CompactorTest::words).compact(new SessionKey("", "s"), turns(1, 3), 25);
        assertThat(s.tokens()).isLessThanOrEqualTo(25);
        assertThat(s.method()).isEqualTo(CompactionMethod.MODEL_SUMMARY);
    }
}
