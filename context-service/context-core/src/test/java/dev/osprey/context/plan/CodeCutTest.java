package dev.osprey.context.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.tokenizer.EncodeOptions;
import dev.osprey.tokenizer.Tokenizer;
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
}
