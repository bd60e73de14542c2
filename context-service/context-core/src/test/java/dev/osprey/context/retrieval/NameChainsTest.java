package dev.osprey.context.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class NameChainsTest {
    /** The reference: the expression the hand scanner reads, split on its joiners. */
    private static final Pattern CHAIN = Pattern.compile(
            "[A-Za-z_$][\\w$]*(?:\\s*(?:\\.|::|->|\\?\\.)\\s*[A-Za-z_$][\\w$]*)*");
    private static final Pattern JOINER = Pattern.compile("\\s*(?:\\.|::|->|\\?\\.)\\s*");

    private static List<NameChains.Chain> reference(String text) {
        List<NameChains.Chain> chains = new ArrayList<>();
        Matcher m = CHAIN.matcher(text);
        while (m.find()) {
            chains.add(new NameChains.Chain(m.start(), m.end(), Arrays.asList(JOINER.split(m.group()))));
        }
        return chains;
    }

    @Test
    void readsChainsAcrossEveryJoinerAndSpacing() {
        assertEquals(List.of(new NameChains.Chain(0, 18, List.of("self", "items", "size")),
                        new NameChains.Chain(23, 33, List.of("Map", "Entry")),
                        new NameChains.Chain(34, 46, List.of("p", "next", "v")),
                        new NameChains.Chain(49, 50, List.of("x"))),
                NameChains.of("self . items?.size() + Map::Entry(p->next ?. v); x."));
    }

    @Test
    void aDigitContinuesANameButStartsNone() {
        assertEquals(List.of(new NameChains.Chain(1, 4, List.of("ab1")), new NameChains.Chain(7, 8, List.of("c"))),
                NameChains.of("1ab1 .9c"));
    }

    /** Random text over the characters that matter, against the expression: every chain, offset and name equal. */
    @Test
    void matchesTheExpressionOnRandomText() {
        String alphabet = "aZ_$09 \t\r\f\u000B.:->?@();é\u00a0";
        Random random = new Random(20261207);
        for (int round = 0; round < 20_000; round++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(40);
            for (int i = 0; i < length; i++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            assertEquals(reference(text.toString()), NameChains.of(text.toString()), () -> "text: " + text);
        }
    }
}
