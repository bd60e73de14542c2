package dev.osprey.engine.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StopStringMatcherTest {

    @Test
    void aStopStringInsideOneDeltaReleasesTheTextBeforeIt() {
        StopStringMatcher m = new StopStringMatcher(List.of("STOP"));
        assertThat(m.accept("Hello")).isEqualTo("Hello");
        assertThat(m.accept(" world STOP and more")).isEqualTo(" world ");
        assertThat(m.stopped()).isTrue();
        assertThat(m.matchedStopString()).contains("STOP");
        assertThat(m.flush()).isEmpty();
    }

    @Test
    void aStopStringAcrossTokensIsHeldBackUntilItCompletes() {
        StopStringMatcher m = new StopStringMatcher(List.of("###"));
        assertThat(m.accept("a#")).isEqualTo("a");
        assertThat(m.heldBack()).isEqualTo("#");
        assertThat(m.accept("#")).isEmpty();
        assertThat(m.heldBack()).isEqualTo("##");
        assertThat(m.stopped()).isFalse();
        assertThat(m.accept("#b")).isEmpty();
        assertThat(m.stopped()).isTrue();
    }

    @Test
    void theHeldTailIsReleasedOnceItCannotBecomeAStopString() {
        StopStringMatcher m = new StopStringMatcher(List.of("###"));
        assertThat(m.accept("a##")).isEqualTo("a");
        assertThat(m.accept("x#")).isEqualTo("##x");
        assertThat(m.heldBack()).isEqualTo("#");
        assertThat(m.flush()).isEqualTo("#");
        assertThat(m.heldBack()).isEmpty();
    }

    @Test
    void overlappingPrefixesKeepOnlyTheTailThatCanStillMatch() {
        StopStringMatcher m = new StopStringMatcher(List.of("abc"));
        assertThat(m.accept("ab")).isEmpty();
        assertThat(m.accept("ab")).isEqualTo("ab");
        assertThat(m.heldBack()).isEqualTo("ab");
        assertThat(m.accept("c")).isEmpty();
        assertThat(m.stopped()).isTrue();

        StopStringMatcher aaab = new StopStringMatcher(List.of("aab"));
        assertThat(aaab.accept("a")).isEmpty();
        assertThat(aaab.accept("a")).isEmpty();
        assertThat(aaab.accept("a")).isEqualTo("a");
        assertThat(aaab.accept("b")).isEmpty();
        assertThat(aaab.stopped()).isTrue();
    }

    @Test
    void severalCandidatesHoldTheLongestPossibleStart() {
        StopStringMatcher m = new StopStringMatcher(List.of("</s>", "\n\nUser:"));
        assertThat(m.accept("Sure.\n")).isEqualTo("Sure.");
        assertThat(m.accept("\nUs")).isEmpty();
        assertThat(m.heldBack()).isEqualTo("\n\nUs");
        assertThat(m.accept("ually")).isEqualTo("\n\nUsually");
        assertThat(m.accept(" </")).isEqualTo(" ");
        assertThat(m.accept("s>")).isEmpty();
        assertThat(m.matchedStopString()).contains("</s>");
    }

    @Test
    void theFirstToCompleteWinsThenTheLongest() {
        StopStringMatcher firstToEnd = new StopStringMatcher(List.of("bcde", "cd"));
        assertThat(firstToEnd.accept("abcdef")).isEqualTo("ab");
        assertThat(firstToEnd.matchedStopString()).contains("cd");

        StopStringMatcher shorter = new StopStringMatcher(List.of("abc", "ab"));
        assertThat(shorter.accept("xabcd")).isEqualTo("x");
        assertThat(shorter.matchedStopString()).contains("ab");

        StopStringMatcher sameEnd = new StopStringMatcher(List.of("bc", "abc"));
        assertThat(sameEnd.accept("xabcd")).isEqualTo("x");
        assertThat(sameEnd.matchedStopString()).contains("abc");

        // a shorter stop string completing inside a longer one's prefix stops at once
        StopStringMatcher inner = new StopStringMatcher(List.of("abcd", "bc"));
        assertThat(inner.accept("ab")).isEmpty();
        assertThat(inner.accept("c")).isEqualTo("a");
        assertThat(inner.matchedStopString()).contains("bc");
    }

    @Test
    void surrogatePairsAreNeverSplit() {
        StopStringMatcher m = new StopStringMatcher(List.of("\uD83D\uDE00!"));
        assertThat(m.accept("a\uD83D\uDE00")).isEqualTo("a");
        assertThat(m.accept("?")).isEqualTo("\uD83D\uDE00?");
        assertThat(m.accept("\uD83D\uDE00")).isEmpty();
        assertThat(m.accept("!")).isEmpty();
        assertThat(m.stopped()).isTrue();
    }

    @Test
    void withoutStopStringsTextPassesThrough() {
        StopStringMatcher m = new StopStringMatcher(List.of());
        assertThat(m.accept("any ### text")).isEqualTo("any ### text");
        assertThat(m.accept("")).isEmpty();
        assertThat(m.flush()).isEmpty();
        assertThat(m.stopped()).isFalse();
    }

    @Test
    void misuseIsRejected() {
        StopStringMatcher m = new StopStringMatcher(List.of("x"));
        m.accept("x");
        assertThatThrownBy(() -> m.accept("y")).isInstanceOf(IllegalStateException.class)
                .hasMessage("stop string \"x\" already matched");
        assertThatThrownBy(() -> new StopStringMatcher(List.of("a", ""))).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Random texts over a tiny alphabet, cut into random deltas: the released text is always a prefix
     * of the final output, released + held is everything seen, and the final output is what a
     * character-by-character scan gives, whatever the cuts.
     */
    @Test
    void streamingNeverReleasesTextThatBecomesPartOfAStopString() {
        Random r = new Random(21);
        for (int trial = 0; trial < 3000; trial++) {
            List<String> stops = new ArrayList<>();
            for (int i = 1 + r.nextInt(3); i > 0; i--) {
                stops.add(randomText(r, 1 + r.nextInt(4)));
            }
            String text = randomText(r, r.nextInt(30));
            int stopAt = firstStop(text, stops);
            String expected = text.substring(0, stopAt);
            StopStringMatcher m = new StopStringMatcher(stops);
            StringBuilder released = new StringBuilder();
            int pos = 0;
            while (pos < text.length() && !m.stopped()) {
                int end = Math.min(text.length(), pos + r.nextInt(5));
                released.append(m.accept(text.substring(pos, end)));
                pos = end;
                assertThat(expected).as("stops %s, text %s", stops, text).startsWith(released.toString());
                if (!m.stopped()) {
                    assertThat(released + m.heldBack()).isEqualTo(text.substring(0, pos));
                }
            }
            released.append(m.flush());
            assertThat(released.toString()).as("stops %s, text %s", stops, text).isEqualTo(expected);
            assertThat(m.stopped()).isEqualTo(stops.stream().anyMatch(text::contains));
        }
    }

    private static String randomText(Random r, int length) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) {
            b.append("abc".charAt(r.nextInt(3)));
        }
        return b.toString();
    }

    /** Where the output ends: the start of the first stop string to complete, scanning one character at a time. */
    private static int firstStop(String text, List<String> stops) {
        for (int end = 1; end <= text.length(); end++) {
            int start = end;
            for (String stop : stops) {
                if (stop.length() <= end && text.startsWith(stop, end - stop.length())) {
                    start = Math.min(start, end - stop.length());
                }
            }
            if (start < end) {
                return start;
            }
        }
        return text.length();
    }
}
