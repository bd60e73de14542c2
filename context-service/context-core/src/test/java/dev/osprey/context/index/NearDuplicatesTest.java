package dev.osprey.context.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class NearDuplicatesTest {
    @Test
    void theSameCodeReformattedIsADuplicate() {
        NearDuplicates seen = new NearDuplicates(0.9);
        assertTrue(seen.accept("int area(int w, int h) {\n    return w * h;\n}"));
        assertFalse(seen.accept("  int area(int w,\tint h) {\r\n        return w * h;\n}\n"));
        assertTrue(seen.accept("String name() {\n    return first + last;\n}"));
    }

    /** Random text against the expression it replaces: the same string for every input. */
    @Test
    void collapsingWhitespaceMatchesTheExpression() {
        String alphabet = "a; \t\n\u000B\f\r\u00a0\u2003";
        Random random = new Random(7);
        for (int round = 0; round < 20_000; round++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(24);
            for (int i = 0; i < length; i++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            assertEquals(text.toString().replaceAll("\\s+", " "), NearDuplicates.collapseWhitespace(text.toString()),
                    () -> "text: " + text);
        }
    }
}
