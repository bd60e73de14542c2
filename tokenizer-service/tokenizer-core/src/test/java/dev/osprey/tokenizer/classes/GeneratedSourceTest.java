package dev.osprey.tokenizer.classes;

import static dev.osprey.tokenizer.classes.TokenClass.COMMENT;
import static dev.osprey.tokenizer.classes.TokenClass.IDENTIFIER;
import static dev.osprey.tokenizer.classes.TokenClass.KEYWORD;
import static dev.osprey.tokenizer.classes.TokenClass.NUMBER_LITERAL;
import static dev.osprey.tokenizer.classes.TokenClass.OPERATOR;
import static dev.osprey.tokenizer.classes.TokenClass.PUNCTUATION;
import static dev.osprey.tokenizer.classes.TokenClass.STRING_LITERAL;
import static dev.osprey.tokenizer.classes.TokenClass.WHITESPACE;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A 2000-line Java source generated token by token with each token's expected class, so the whole byte class map is
 * known: every byte classified, whitespace WHITESPACE outside literals and comments, nothing OTHER.
 */
class GeneratedSourceTest {
    private static final String[] NAMES = {"count", "total", "größe", "value", "next", "索引", "buffer", "i"};
    private static final String[] TYPES = {"int", "long", "double", "boolean"};

    /** Source text and, per UTF-8 byte, the class its generator meant. */
    private static final class Expected {
        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream classes = new ByteArrayOutputStream();
        private int lines;

        Expected add(TokenClass tokenClass, String piece) {
            text.append(piece);
            int bytes = piece.getBytes(StandardCharsets.UTF_8).length;
            for (int i = 0; i < bytes; i++) {
                classes.write(tokenClass.ordinal());
            }
            lines += (int) piece.chars().filter(c -> c == '\n').count();
            return this;
        }

        Expected space() {
            return add(WHITESPACE, " ");
        }

        Expected newline(int indent) {
            return add(WHITESPACE, "\n" + "    ".repeat(indent));
        }
    }

    private static Expected generate(int minLines) {
        Random random = new Random(20260522);
        Expected java = new Expected();
        java.add(KEYWORD, "package").space().add(IDENTIFIER, "gen").add(PUNCTUATION, ";").newline(0).newline(0);
        java.add(KEYWORD, "public").space().add(KEYWORD, "class").space().add(IDENTIFIER, "Generated").space()
                .add(PUNCTUATION, "{").newline(1);
        for (int m = 0; java.lines < minLines - 2; m++) {
            java.add(COMMENT, "/** Method " + m + ": sums\t things. */").newline(1);
            java.add(PUNCTUATION, "@").add(IDENTIFIER, "Deprecated").newline(1);
            java.add(KEYWORD, "static").space().add(KEYWORD, "int").space().add(IDENTIFIER, "m" + m)
                    .add(PUNCTUATION, "(").add(KEYWORD, "int").space().add(IDENTIFIER, "x").add(PUNCTUATION, ",").space()
                    .add(IDENTIFIER, "String").space().add(IDENTIFIER, "s").add(PUNCTUATION, ")").space()
                    .add(PUNCTUATION, "{").newline(2);
            for (int statement = 0; statement < 1 + random.nextInt(4); statement++) {
                String name = NAMES[random.nextInt(NAMES.length)] + statement;
                java.add(KEYWORD, TYPES[random.nextInt(TYPES.length)]).space().add(IDENTIFIER, name).space()
                        .add(OPERATOR, "=").space().add(PUNCTUATION, "(").add(KEYWORD, "int").add(PUNCTUATION, ")")
                        .space().add(PUNCTUATION, "(").add(IDENTIFIER, "x").space().add(OPERATOR, "*").space()
                        .add(NUMBER_LITERAL, random.nextBoolean() ? "0x" + Integer.toHexString(random.nextInt(4096)) : "2.5e1")
                        .space().add(OPERATOR, "+").space().add(IDENTIFIER, "s").add(OPERATOR, ".")
                        .add(IDENTIFIER, "length").add(PUNCTUATION, "())").add(PUNCTUATION, ";").space()
                        .add(COMMENT, "// " + name + " ok").newline(2);
                java.add(KEYWORD, "if").space().add(PUNCTUATION, "(").add(IDENTIFIER, "x").space().add(OPERATOR, ">=")
                        .space().add(NUMBER_LITERAL, Integer.toString(statement)).space().add(OPERATOR, "&&").space()
                        .add(OPERATOR, "!").add(IDENTIFIER, "s").add(OPERATOR, ".").add(IDENTIFIER, "isEmpty")
                        .add(PUNCTUATION, "())").space().add(PUNCTUATION, "{").newline(3);
                java.add(IDENTIFIER, "s").space().add(OPERATOR, "+=").space()
                        .add(STRING_LITERAL, "\"a b\\t\\\"c\\\" 😀 " + statement + "\"").add(PUNCTUATION, ";").newline(2);
                java.add(PUNCTUATION, "}").space().add(KEYWORD, "else").space().add(PUNCTUATION, "{").space()
                        .add(COMMENT, "/* empty\n       branch */").space().add(PUNCTUATION, "}").newline(2);
            }
            java.add(KEYWORD, "return").space().add(IDENTIFIER, "x").space().add(OPERATOR, "?").space()
                    .add(KEYWORD, "true").space().add(OPERATOR, ":").space().add(KEYWORD, "null")
                    .add(PUNCTUATION, ";").newline(1);
            java.add(PUNCTUATION, "}").newline(1);
        }
        java.newline(0).add(PUNCTUATION, "}").add(WHITESPACE, "\n");
        return java;
    }

    @Test
    void everyByteOfAGeneratedSourceHasTheClassItWasGeneratedAs() {
        Expected expected = generate(2000);
        assertThat(expected.lines).isBetween(2000, 2020);
        ByteClassMap map = ClassifiedSource.CLASSIFIER.classifyBytes(expected.text.toString(), SourceLanguage.JAVA);
        byte[] classes = expected.classes.toByteArray();
        assertThat(map.length()).isEqualTo(classes.length);
        for (int i = 0; i < classes.length; i++) {
            if (map.classAt(i).ordinal() != classes[i]) {
                String text = expected.text.toString();
                int at = new String(text.getBytes(StandardCharsets.UTF_8), 0, i, StandardCharsets.UTF_8).length();
                throw new AssertionError("byte " + i + " is " + map.classAt(i) + ", generated as "
                        + TokenClass.values()[classes[i]] + ", near: "
                        + text.substring(Math.max(0, at - 40), Math.min(text.length(), at + 20)));
            }
        }
    }
}
