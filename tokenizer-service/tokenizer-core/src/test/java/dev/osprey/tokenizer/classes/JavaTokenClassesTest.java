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

import org.junit.jupiter.api.Test;

class JavaTokenClassesTest {
    private static final String SOURCE = """
            package dev.example;

            import java.util.List;

            /**
             * A counter.
             * @param <T> element type
             */
            @SuppressWarnings("unchecked")
            public final class Counter<T> implements Comparable<Counter<T>> {
                private static final long MASK = 0xFF_FFL; // mask
                private int count = 0b1010;
                private double ratio = 3.5e-2;
                private char tab = '\\t';
                private String text = \"""
                    multi "line"
                    \""";

                /* block */ public boolean add(T item, int... rest) {
                    if (item == null || rest.length >= 2) {
                        return false;
                    }
                    var s = "a\\n\\"b\\"";
                    count += rest.length > 0 ? rest[0] : 1;
                    List.of(item).forEach(System.out::println);
                    Runnable r = () -> this.count++;
                    return switch (count) { case 1 -> true; default -> super.equals(item); };
                }
            }
            """;

    private final ClassifiedSource java = ClassifiedSource.of(SourceLanguage.JAVA, SOURCE);

    @Test
    void keywordsIncludePrimitiveTypesAndLiteralsTheLanguageReserves() {
        java.assertAll(KEYWORD, "package", "import", "public", "final", "class", "implements", "private", "static",
                "long", "int", "double", "char", "boolean", "if", "null", "return", "false", "true", "this",
                "switch", "case", "default", "super");
    }

    @Test
    void varIsAReservedTypeNameNotAKeyword() {
        java.assertNth(IDENTIFIER, "var", 1); // JLS 3.9: var is a reserved type name, tree-sitter a type_identifier
    }

    @Test
    void identifiersIncludeTypeNamesAndMethodReferences() {
        java.assertAll(IDENTIFIER, "dev", "example", "util", "List", "SuppressWarnings", "Comparable", "MASK",
                "ratio", "text", "add", "item", "rest", "length", "forEach", "System", "println", "Runnable", "equals");
        java.assertNth(IDENTIFIER, "Counter", 2).assertNth(IDENTIFIER, "count", 2); // the first are in the javadoc
        java.assertNth(IDENTIFIER, "T", 2); // the type parameter of Counter<T>
    }

    @Test
    void literals() {
        java.assertAll(NUMBER_LITERAL, "0xFF_FFL", "0b1010", "3.5e-2", "2");
        java.assertAll(STRING_LITERAL, "\"unchecked\"", "'\\t'", "\"a\\n\\\"b\\\"\"");
        java.assertAll(STRING_LITERAL, "\"\"\"\n        multi \"line\"\n        \"\"\"");
        assertThat(java.classesOf("2)")).containsExactly(NUMBER_LITERAL, PUNCTUATION);
    }

    @Test
    void commentsIncludeJavadocLineAndBlockComments() {
        java.assertAll(COMMENT, "/**\n * A counter.\n * @param <T> element type\n */", "// mask", "/* block */");
    }

    @Test
    void operatorsAndPunctuation() {
        java.assertAll(OPERATOR, "==", "||", ">=", "+=", "?", "::", "->", "++", "...");
        java.assertNth(OPERATOR, ".", 1);
        java.assertNth(OPERATOR, "<", 2); // the first is in the javadoc
        java.assertAll(PUNCTUATION, "{", "}", "(", ")", "[", "]", ";", ",");
        java.assertNth(PUNCTUATION, "@", 2); // the annotation's; the first is in the javadoc
    }

    @Test
    void tokensAcrossClassBoundaries() {
        assertThat(java.classesOf(" count +=")).containsExactly(WHITESPACE, IDENTIFIER, OPERATOR);
        assertThat(java.classesOf("rest[0]")).containsExactly(IDENTIFIER, PUNCTUATION, NUMBER_LITERAL);
        assertThat(java.classesOf("mask\n    private")).containsExactly(COMMENT, WHITESPACE, KEYWORD);
    }
}
