package dev.osprey.tokenizer.classes;

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

import dev.osprey.tokenizer.classes.CodeSnippets.Snippet;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Real code from the JDK, CPython, Linux headers, git, rustdoc and npm (see the resources' README). */
class CodeSnippetCorpusTest {

    /** Windows that open inside a javadoc or a raw string the window does not close: the parser sees errors. */
    private static final Set<Integer> SNIPPETS_WITH_UNPLACEABLE_TEXT = Set.of(7, 40, 41);

    static List<Snippet> supportedSnippets() {
        return CodeSnippets.supported();
    }

    @Test
    void theCorpusHasEveryLanguageButTypeScript() {
        assertThat(supportedSnippets()).hasSize(61)
                .extracting(s -> s.sourceLanguage().orElseThrow())
                .containsOnly(SourceLanguage.JAVA, SourceLanguage.PYTHON, SourceLanguage.C, SourceLanguage.GO,
                        SourceLanguage.RUST, SourceLanguage.JAVASCRIPT, SourceLanguage.CPP);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("supportedSnippets")
    void whitespaceIsWhitespaceWhereverItIsNotInsideALiteralOrComment(Snippet snippet) {
        byte[] utf8 = snippet.text().getBytes(StandardCharsets.UTF_8);
        ByteClassMap map = classify(snippet);
        assertThat(map.length()).isEqualTo(utf8.length);
        for (int i = 0; i < utf8.length; i++) {
            TokenClass tokenClass = map.classAt(i);
            boolean whitespace = utf8[i] == ' ' || utf8[i] == '\t' || utf8[i] == '\n' || utf8[i] == '\r';
            if (whitespace) {
                assertThat(tokenClass).as("class of whitespace byte %d", i)
                        .isIn(WHITESPACE, STRING_LITERAL, COMMENT);
            } else {
                assertThat(tokenClass).as("class of byte %d '%c'", i, (char) utf8[i]).isNotEqualTo(WHITESPACE);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("supportedSnippets")
    void onlyWindowsCutInsideACommentOrStringHaveTextThatIsOther(Snippet snippet) {
        boolean hasOther = classify(snippet).classesIn(0, classify(snippet).length()).contains(OTHER);
        assertThat(hasOther).isEqualTo(SNIPPETS_WITH_UNPLACEABLE_TEXT.contains(snippet.index()));
    }

    /** Hand-checked against the snippet text: the nth whole-word occurrence of a piece and its class. */
    @ParameterizedTest(name = "snippet {0}: {1} #{2} is {3}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "0  | try                         | 1 | KEYWORD",
        "0  | catch                       | 1 | KEYWORD",
        "0  | BadLocationException        | 1 | IDENTIFIER",
        "0  | /*.trim()*/                 | 1 | COMMENT",
        "0  | `\"...\"`                   | 1 | STRING_LITERAL",
        "0  | 40                          | 1 | NUMBER_LITERAL",
        "6  | public                      | 1 | KEYWORD",
        "1  | instanceof                  | 1 | KEYWORD",
        "11 | 0b1000_0000                 | 1 | NUMBER_LITERAL",
        "12 | minusMinutes                | 1 | IDENTIFIER",
        "16 | class                       | 1 | KEYWORD",
        "16 | def                         | 1 | KEYWORD",
        "16 | `'gb2312'`                  | 1 | STRING_LITERAL",
        "23 | None                        | 1 | KEYWORD",
        "22 | for                         | 2 | KEYWORD",
        "25 | from                        | 1 | KEYWORD",
        "23 | except                      | 1 | KEYWORD",
        "28 | raise                       | 1 | KEYWORD",
        "29 | #define                     | 1 | KEYWORD",
        "29 | enum                        | 1 | KEYWORD",
        "29 | FOU_CMD_UNSPEC              | 1 | IDENTIFIER",
        "30 | /* node state service type */ | 1 | COMMENT",
        "30 | 64                          | 1 | NUMBER_LITERAL",
        "33 | extern                      | 1 | KEYWORD",
        "37 | func                        | 1 | KEYWORD",
        "37 | :=                          | 1 | OPERATOR",
        "37 | nil                         | 1 | IDENTIFIER",
        "37 | `\"GIT_PERSISTENT_HTTPS_SECURE=1\"` | 1 | STRING_LITERAL",
                "42 | =>                          | 2 | OPERATOR",
        "42 | render_html                 | 1 | IDENTIFIER",
        "46 | const                       | 1 | KEYWORD",
        "46 | async                       | 1 | KEYWORD",
        "46 | // do not complete to URLs  | 1 | COMMENT",
        "46 | `/^https?:\\/\\//`          | 1 | STRING_LITERAL",
        "52 | return                      | 1 | KEYWORD",
        "52 | PyObject                    | 1 | IDENTIFIER",
        "52 | `\"test_api_casts\"`        | 1 | STRING_LITERAL",
        "55 | значение                    | 2 | IDENTIFIER",
        "56 | `\"héllo wörld 👋🏽\"`       | 1 | STRING_LITERAL",
        "56 | // emoji 🙂                 | 1 | COMMENT",
        "62 | `\"👨‍👩‍👧‍👦 family\"`        | 1 | STRING_LITERAL",
    })
    void knownTokensHaveKnownClasses(int index, String piece, int nth, TokenClass expected) {
        Snippet snippet = CodeSnippets.get(index);
        ClassifiedSource classified = ClassifiedSource.of(snippet.sourceLanguage().orElseThrow(), snippet.text());
        assertThat(classified.classesOf(piece, nth)).containsExactly(expected);
    }

    @ParameterizedTest(name = "snippet {0} is snippet {1} with CRLF")
    @CsvSource({"53, 20", "59, 32"})
    void crlfLineEndsChangeNothingButAddWhitespace(int crlfIndex, int lfIndex) {
        Snippet crlf = CodeSnippets.get(crlfIndex);
        byte[] crlfBytes = crlf.text().getBytes(StandardCharsets.UTF_8);
        ByteClassMap crlfMap = classify(crlf);
        ByteArrayOutputStream withoutCr = new ByteArrayOutputStream();
        for (int i = 0; i < crlfBytes.length; i++) {
            if (crlfBytes[i] == '\r') {
                assertThat(crlfMap.classAt(i)).isIn(WHITESPACE, COMMENT, STRING_LITERAL);
            } else {
                withoutCr.write(crlfMap.classAt(i).ordinal());
            }
        }
        assertThat(withoutCr.toByteArray()).isEqualTo(classify(CodeSnippets.get(lfIndex)).toOrdinalArray());
    }

    @Test
    void tabIndentationChangesNothingButWhitespace() {
        assertThat(nonWhitespaceClasses(CodeSnippets.get(54))).isEqualTo(nonWhitespaceClasses(CodeSnippets.get(27)));
        assertThat(nonWhitespaceClasses(CodeSnippets.get(60))).isEqualTo(nonWhitespaceClasses(CodeSnippets.get(45)));
    }

    @Test
    void aWindowOfValidGoHasTheClassesItsTextShows() {
        ByteClassMap map = classify(CodeSnippets.get(36)); // if err := ...; return fmt.Errorf("..."); // comment
        assertThat(map.classesIn(0, map.length())).containsExactlyInAnyOrder(
                KEYWORD, IDENTIFIER, OPERATOR, PUNCTUATION, STRING_LITERAL, COMMENT, WHITESPACE);
    }

    private static byte[] nonWhitespaceClasses(Snippet snippet) {
        ByteClassMap map = classify(snippet);
        ByteArrayOutputStream classes = new ByteArrayOutputStream();
        for (int i = 0; i < map.length(); i++) {
            if (map.classAt(i) != WHITESPACE) {
                classes.write(map.classAt(i).ordinal());
            }
        }
        return classes.toByteArray();
    }

    private static ByteClassMap classify(Snippet snippet) {
        return ClassifiedSource.CLASSIFIER.classifyBytes(snippet.text(), snippet.sourceLanguage().orElseThrow());
    }
}
