package dev.osprey.context.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.tokenizer.EncodeOptions;
import dev.osprey.tokenizer.Tokenizer;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

class CodeCutTest {
    private static final Tokenizer QWEN = TestVocabularies.qwen();

    private static String code(SplittableRandom random, int lines) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            int depth = random.nextInt(4);
            b.append("    ".repeat(depth)).append(switch (random.nextInt(4)) {
                case 0 -> "int value" + i + " = compute(" + random.nextInt(1000) + ");";
                case 1 -> "if (value" + i + " > limit) {";
                case 2 -> "}";
                default -> "// a comment about step " + i + " with some words";
            }).append('\n');
        }
        return b.toString();
    }

    /** Cutting from what a budget reaches is cutting from the whole text, and the whole text is not tokenized. */
    @Test
    void cutsFromTheReachAreTheCutsFromTheWholeText() {
        SplittableRandom random = new SplittableRandom(11);
        AtomicInteger longest = new AtomicInteger();
        ToIntFunction<String> tokens = text -> {
            longest.accumulateAndGet(text.length(), Math::max);
            return QWEN.encode(text, EncodeOptions.PLAIN).length;
        };
        ToIntFunction<String> plain = text -> QWEN.encode(text, EncodeOptions.PLAIN).length;
        for (int round = 0; round < 12; round++) {
            String text = code(random, 50 + random.nextInt(3000));
            int reach = 64 + random.nextInt(2000);
            longest.set(0);
            CodeCut.Reach tail = CodeCut.tailReach(text, reach, tokens);
            CodeCut.Reach head = CodeCut.headReach(text, reach, tokens);
            int wholeTokens = plain.applyAsInt(text);
            assertThat(tail.whole()).isEqualTo(head.whole()).isEqualTo(wholeTokens <= reach);
            if (!tail.whole()) {
                assertThat(tail.tokens()).isGreaterThan(reach);
                assertThat(text).endsWith(tail.text());
                assertThat(text).startsWith(head.text());
                assertThat(longest.get()).as("round %d: read no more than needed", round).isLessThan(text.length());
            } else {
                assertThat(tail.text()).isEqualTo(text);
                assertThat(tail.tokens()).isEqualTo(wholeTokens);
            }
            for (int budget : new int[] {reach, reach / 2, 1 + random.nextInt(reach)}) {
                assertThat(CodeCut.tail(tail.text(), budget, plain)).as("round %d budget %d", round, budget)
                        .isEqualTo(CodeCut.tail(text, budget, plain));
                assertThat(CodeCut.head(head.text(), budget, plain)).as("round %d budget %d", round, budget)
                        .isEqualTo(CodeCut.head(text, budget, plain));
            }
        }
    }

    /** Every guess of every monotone predicate settles on the first index where it holds (or the last). */
    @Test
    void smallestFittingFindsTheFirstIndexFromAnyGuess() {
        for (int last = 0; last < 12; last++) {
            for (int first = 0; first <= last + 1; first++) {
                int from = first;
                AtomicInteger tests = new AtomicInteger();
                for (int guess = 0; guess <= last; guess++) {
                    tests.set(0);
                    int found = CodeCut.smallestFitting(guess, last, i -> {
                        tests.incrementAndGet();
                        return i >= from;
                    });
                    assertThat(found).as("last %d first %d guess %d", last, first, guess)
                            .isEqualTo(Math.min(from, last));
                    if (guess == from && guess > 0) {
                        assertThat(tests.get()).as("a right guess costs two tests").isEqualTo(2);
                    }
                }
            }
        }
    }

    /**
     * The cut lines are those a scan of every line finds, whether the lines' own counts sum to the text's, more than
     * it (a count with a fixed cost per call) or less (one that grows faster than the text), and with Qwen's BPE.
     */
    @Test
    void fittingLinesAreExactWhateverTheLinesOwnCountsSay() {
        SplittableRandom random = new SplittableRandom(5);
        List<ToIntFunction<String>> counts = List.of(
                text -> QWEN.encode(text, EncodeOptions.PLAIN).length,
                text -> text.length() / 4 + 7,
                text -> text.length() / 4 + (int) (text.chars().filter(c -> c == '\n').count()
                        * text.chars().filter(c -> c == '\n').count() / 40));
        for (int round = 0; round < 30; round++) {
            String text = code(random, 1 + random.nextInt(400)) + (random.nextBoolean() ? "" : "tail without newline");
            int[] starts = CodeCut.lineStarts(text);
            int[] ends = CodeCut.lineEnds(text);
            for (ToIntFunction<String> count : counts) {
                int budget = 1 + random.nextInt(Math.max(1, count.applyAsInt(text)));
                int first = -1;
                for (int i = 0; i < starts.length - 1 && first < 0; i++) {
                    if (count.applyAsInt(text.substring(starts[i])) <= budget) {
                        first = i;
                    }
                }
                int lastHead = -1;
                for (int i = 0; i < ends.length; i++) {
                    if (count.applyAsInt(text.substring(0, ends[i])) <= budget) {
                        lastHead = i;
                    }
                }
                assertThat(CodeCut.firstFittingLine(text, starts, budget, count)).as("round %d budget %d", round, budget)
                        .isEqualTo(first);
                assertThat(CodeCut.lastFittingLine(text, ends, budget, count)).as("round %d budget %d", round, budget)
                        .isEqualTo(lastHead);
            }
        }
    }

    /**
     * A line too long for the budget (minified code) is cut between characters: the cut a scan of every position
     * finds, counting the line once and then tails near the answer's length.
     */
    @Test
    void aLongLineIsCutBetweenCharactersReadingLittleMoreThanItKeeps() {
        SplittableRandom random = new SplittableRandom(23);
        for (int round = 0; round < 40; round++) {
            StringBuilder b = new StringBuilder();
            int length = 1 + random.nextInt(round < 30 ? 600 : 200_000);
            while (b.length() < length) {
                b.append(random.nextInt(5) == 0 ? "\uD83D\uDE00" : random.nextBoolean() ? "x" : "+= ");
            }
            String line = b.toString();
            ToIntFunction<String> count = t -> (t.length() + 2) / 3;
            int budget = 1 + random.nextInt(Math.max(1, Math.min(count.applyAsInt(line), 400)));
            String tail = CodeCut.tail(line, budget, count);
            String head = CodeCut.head(line, budget, count);
            if (line.length() <= 600) {
                String expectedTail = line;
                for (int i = 0; i <= line.length(); i++) {
                    int at = i > 0 && i < line.length() && Character.isLowSurrogate(line.charAt(i)) ? i - 1 : i;
                    if (count.applyAsInt(line.substring(at)) <= budget) {
                        expectedTail = line.substring(at);
                        break;
                    }
                }
                String expectedHead = "";
                for (int e = line.length(); e >= 0; e--) {
                    int at = e > 0 && e < line.length() && Character.isLowSurrogate(line.charAt(e)) ? e - 1 : e;
                    if (count.applyAsInt(line.substring(0, at)) <= budget) {
                        expectedHead = line.substring(0, at);
                        break;
                    }
                }
                assertThat(tail).as("round %d", round).isEqualTo(expectedTail);
                assertThat(head).as("round %d", round).isEqualTo(expectedHead);
            } else {
                assertThat(count.applyAsInt(tail)).isLessThanOrEqualTo(budget);
                assertThat(count.applyAsInt(line.substring(line.length() - tail.length() - 2))).isGreaterThan(budget);
                AtomicInteger counted = new AtomicInteger();
                CodeCut.tail(line, count.applyAsInt(line), budget, t -> {
                    counted.addAndGet(t.length());
                    return count.applyAsInt(t);
                });
                // the line once (it is its own tail), then tails near the answer's length: a bisection over the line
                // would count about its length times half its log
                assertThat(counted.get()).as("round %d", round).isLessThan(2 * line.length());
            }
        }
    }
}
