package dev.osprey.tokenizer.classes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.tokenizer.Encoding;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A source text with its byte class map, and look-ups of the classes under pieces of its text. */
final class ClassifiedSource {
    /** One classifier for all tests: it is thread-safe and stateless apart from its symbol tables. */
    static final CodeTokenClassifier CLASSIFIER = new CodeTokenClassifier();

    private final String source;
    private final byte[] utf8;
    private final ByteClassMap map;

    private ClassifiedSource(String source, ByteClassMap map) {
        this.source = source;
        this.utf8 = source.getBytes(StandardCharsets.UTF_8);
        this.map = map;
    }

    static ClassifiedSource of(SourceLanguage language, String source) {
        return new ClassifiedSource(source, CLASSIFIER.classifyBytes(source, language));
    }

    ByteClassMap map() {
        return map;
    }

    /** The distinct classes under the first occurrence of {@code piece}. */
    List<TokenClass> classesOf(String piece) {
        return classesOf(piece, 1);
    }

    /** The distinct classes under the {@code nth} (1-based) occurrence of {@code piece}. */
    List<TokenClass> classesOf(String piece, int nth) {
        int[] span = span(piece, nth);
        return map.classesIn(span[0], span[1]);
    }

    /** Asserts that every byte of the first occurrence of each piece has class {@code expected}. */
    ClassifiedSource assertAll(TokenClass expected, String... pieces) {
        for (String piece : pieces) {
            assertThat(classesOf(piece)).as("classes of '%s'", piece).containsExactly(expected);
        }
        return this;
    }

    /** Asserts that every byte of the {@code nth} occurrence of {@code piece} has class {@code expected}. */
    ClassifiedSource assertNth(TokenClass expected, String piece, int nth) {
        assertThat(classesOf(piece, nth)).as("classes of '%s' #%d", piece, nth).containsExactly(expected);
        return this;
    }

    /**
     * UTF-8 byte span {@code [start, end)} of the {@code nth} (1-based) occurrence of {@code piece}. A piece that
     * begins and ends with a word character only matches as a whole word: {@code "in"} does not match in
     * {@code "bin"}.
     */
    int[] span(String piece, int nth) {
        int index = -1;
        for (int i = 0; i < nth; i++) {
            do {
                index = source.indexOf(piece, index + 1);
                if (index < 0) {
                    throw new IllegalArgumentException("'" + piece + "' occurs fewer than " + nth + " times");
                }
            } while (!wholeWord(piece, index));
        }
        int start = source.substring(0, index).getBytes(StandardCharsets.UTF_8).length;
        return new int[] {start, start + piece.getBytes(StandardCharsets.UTF_8).length};
    }

    /** An encoding whose tokens are {@code pieces}, which must concatenate to the source; ids are token indexes. */
    static Encoding tokens(String... pieces) {
        int n = pieces.length;
        int[] ids = new int[n];
        int[] starts = new int[n];
        int[] ends = new int[n];
        int offset = 0;
        for (int i = 0; i < n; i++) {
            ids[i] = i;
            starts[i] = offset;
            offset += pieces[i].getBytes(StandardCharsets.UTF_8).length;
            ends[i] = offset;
        }
        return new Encoding(ids, starts, ends);
    }

    private boolean wholeWord(String piece, int index) {
        boolean wordPiece = isWordChar(piece.charAt(0)) && isWordChar(piece.charAt(piece.length() - 1));
        int end = index + piece.length();
        return !wordPiece
                || (index == 0 || !isWordChar(source.charAt(index - 1))) && (end == source.length() || !isWordChar(source.charAt(end)));
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    int utf8Length() {
        return utf8.length;
    }
}
