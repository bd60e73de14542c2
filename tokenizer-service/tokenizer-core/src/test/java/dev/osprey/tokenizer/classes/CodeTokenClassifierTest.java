package dev.osprey.tokenizer.classes;

import static dev.osprey.tokenizer.classes.ClassifiedSource.CLASSIFIER;
import static dev.osprey.tokenizer.classes.ClassifiedSource.tokens;
import static dev.osprey.tokenizer.classes.TokenClass.COMMENT;
import static dev.osprey.tokenizer.classes.TokenClass.IDENTIFIER;
import static dev.osprey.tokenizer.classes.TokenClass.KEYWORD;
import static dev.osprey.tokenizer.classes.TokenClass.NUMBER_LITERAL;
import static dev.osprey.tokenizer.classes.TokenClass.OPERATOR;
import static dev.osprey.tokenizer.classes.TokenClass.OTHER;
import static dev.osprey.tokenizer.classes.TokenClass.PUNCTUATION;
import static dev.osprey.tokenizer.classes.TokenClass.STRING_LITERAL;
import static dev.osprey.tokenizer.classes.TokenClass.WHITESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.osprey.tokenizer.Encoding;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CodeTokenClassifierTest {

    @Test
    void tokensGetTheClassesOfTheBytesTheyCoverInOrder() {
        String source = "int x=1; // one\n";
        Encoding encoding = tokens("int", " x", "=", "1;", " //", " one", "\n");
        assertThat(CLASSIFIER.classify(source, SourceLanguage.C, encoding)).containsExactly(
                List.of(KEYWORD),
                List.of(WHITESPACE, IDENTIFIER),
                List.of(OPERATOR),
                List.of(NUMBER_LITERAL, PUNCTUATION),
                List.of(WHITESPACE, COMMENT),
                List.of(COMMENT),
                List.of(WHITESPACE));
    }

    @Test
    void aTokenSpanningIdentifierAndOperatorHasBoth() {
        String source = "x=y+1";
        assertThat(CLASSIFIER.classify(source, SourceLanguage.PYTHON, tokens("x=", "y+", "1")))
                .containsExactly(List.of(IDENTIFIER, OPERATOR), List.of(IDENTIFIER, OPERATOR), List.of(NUMBER_LITERAL));
    }

    @Test
    void aTokenCuttingAKeywordInHalfIsStillKeyword() {
        String source = "return value;";
        assertThat(CLASSIFIER.classify(source, SourceLanguage.JAVA, tokens("ret", "urn val", "ue;")))
                .containsExactly(List.of(KEYWORD), List.of(KEYWORD, WHITESPACE, IDENTIFIER),
                        List.of(IDENTIFIER, PUNCTUATION));
    }

    @Test
    void emptySpansSuchAsBosGetNoClasses() {
        String source = "a";
        Encoding withBos = new Encoding(new int[] {1000, 64}, new int[] {0, 0}, new int[] {0, 1});
        assertThat(CLASSIFIER.classify(source, SourceLanguage.GO, withBos)).containsExactly(List.of(), List.of(IDENTIFIER));
    }

    @Test
    void spansOutsideTheTextAreRejected() {
        String source = "größe"; // 7 UTF-8 bytes, 5 chars
        assertThat(CLASSIFIER.classify(source, SourceLanguage.JAVA, new Encoding(new int[] {1}, new int[] {0}, new int[] {7})))
                .containsExactly(List.of(IDENTIFIER));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CLASSIFIER.classify(source, SourceLanguage.JAVA,
                        new Encoding(new int[] {1, 2}, new int[] {0, 5}, new int[] {5, 8})))
                .withMessageContaining("token 1")
                .withMessageContaining("[5, 8)")
                .withMessageContaining("7 UTF-8 bytes");
        assertThatIllegalArgumentException().isThrownBy(() -> CLASSIFIER.classify(source, SourceLanguage.JAVA,
                new Encoding(new int[] {1}, new int[] {-1}, new int[] {2})));
        assertThatIllegalArgumentException().isThrownBy(() -> CLASSIFIER.classify(source, SourceLanguage.JAVA,
                new Encoding(new int[] {1}, new int[] {3}, new int[] {2})));
    }

    @Test
    void emptySourceGivesAnEmptyMap() {
        assertThat(CLASSIFIER.classifyBytes("", SourceLanguage.RUST).length()).isZero();
        Encoding bosOnly = new Encoding(new int[] {1000}, new int[] {0}, new int[] {0});
        for (SourceLanguage language : SourceLanguage.values()) {
            assertThat(CLASSIFIER.classify("", language, bosOnly)).containsExactly(List.of());
        }
    }

    @Test
    void offsetsAreUtf8BytesWithNonAsciiIdentifiersAndEmoji() {
        String source = "String größe = \"😀\"; int 索引 = 1;";
        ClassifiedSource classified = ClassifiedSource.of(SourceLanguage.JAVA, source);
        assertThat(classified.map().length()).isEqualTo(source.getBytes(StandardCharsets.UTF_8).length);
        classified.assertAll(IDENTIFIER, "größe", "索引")
                .assertAll(STRING_LITERAL, "\"😀\"")
                .assertAll(KEYWORD, "int")
                .assertAll(NUMBER_LITERAL, "1");
        // a token may end inside a multi-byte character: both halves keep the character's class
        int[] emoji = classified.span("😀", 1);
        Encoding split = new Encoding(new int[] {1, 2}, new int[] {emoji[0], emoji[0] + 2}, new int[] {emoji[0] + 2, emoji[1]});
        assertThat(CLASSIFIER.classify(source, SourceLanguage.JAVA, split))
                .containsExactly(List.of(STRING_LITERAL), List.of(STRING_LITERAL));
        int[] word = classified.span("größe", 1);
        assertThat(classified.map().classesIn(word[0] + 2, word[0] + 3)).containsExactly(IDENTIFIER); // half of ö
    }

    @Test
    void unpairedSurrogatesAreClassifiedAsTheirUtf8Replacement() {
        String source = "s = \"\uD83D\" # lone high surrogate";
        ByteClassMap map = CLASSIFIER.classifyBytes(source, SourceLanguage.PYTHON);
        assertThat(map.length()).isEqualTo(source.getBytes(StandardCharsets.UTF_8).length);
        assertThat(map.classAt(5)).isEqualTo(STRING_LITERAL); // the '?' String.getBytes writes for it
    }

    @Test
    void syntaxErrorsDoNotThrowAndUnexpectedCharactersAreOther() {
        ClassifiedSource broken = ClassifiedSource.of(SourceLanguage.JAVA, "class A { void f() { int x = 1 ` ¤ }");
        broken.assertAll(KEYWORD, "class", "void", "int")
                .assertAll(IDENTIFIER, "A", "f", "x")
                .assertAll(NUMBER_LITERAL, "1")
                .assertAll(OTHER, "`", "¤");
        ClassifiedSource partial = ClassifiedSource.of(SourceLanguage.PYTHON, "def f(x:\n    return [x for");
        partial.assertAll(KEYWORD, "def", "return", "for").assertNth(IDENTIFIER, "f", 1).assertNth(IDENTIFIER, "x", 2);
        assertThat(CLASSIFIER.classifyBytes("\u0000\u0001 @@@ }}}", SourceLanguage.GO).length()).isEqualTo(10);
    }

    @Test
    void everyLanguageParses() {
        for (SourceLanguage language : SourceLanguage.values()) {
            ByteClassMap map = CLASSIFIER.classifyBytes("x", language);
            assertThat(map.classAt(0)).as(language.id()).isEqualTo(IDENTIFIER);
        }
    }

    @Test
    void concurrentCallsGiveTheSameResultsAsSequentialOnes() throws Exception {
        List<String> sources = IntStream.range(0, 16)
                .mapToObj(i -> "class C" + i + " { /* c */ int f() { return " + i + " + \"s\".length(); } }")
                .toList();
        List<ByteClassMap> sequential = sources.stream().map(s -> CLASSIFIER.classifyBytes(s, SourceLanguage.JAVA)).toList();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<ByteClassMap>> parallel = IntStream.range(0, 64)
                    .mapToObj(i -> pool.submit(() -> CLASSIFIER.classifyBytes(sources.get(i % 16), SourceLanguage.JAVA)))
                    .toList();
            for (int i = 0; i < parallel.size(); i++) {
                assertThat(parallel.get(i).get()).isEqualTo(sequential.get(i % 16));
            }
        }
    }

    @Test
    void defaultBackendIsFfm() {
        assertThat(CLASSIFIER.backendName()).isEqualTo("ffm");
    }
}
