package dev.osprey.tokenizer.classes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.tokenizer.classes.CodeSnippets.Snippet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The FFM backend against its slow twin, bonede's JNI API: same symbols, same trees, same classes. */
class BackendParityTest {
    private static final SyntaxBackend FFM = new FfmSyntaxBackend();
    private static final SyntaxBackend JNI = new JniSyntaxBackend();
    private static final CodeTokenClassifier FFM_CLASSIFIER = new CodeTokenClassifier(FFM);
    private static final CodeTokenClassifier JNI_CLASSIFIER = new CodeTokenClassifier(JNI);

    @ParameterizedTest
    @EnumSource(SourceLanguage.class)
    void bothBackendsReadTheSameSymbolTable(SourceLanguage language) {
        assertThat(FFM.symbols(language)).isEqualTo(JNI.symbols(language));
    }

    /** Every snippet in its own language; JavaScript snippets also as TypeScript, which has no snippets. */
    static Stream<Arguments> snippetsByLanguage() {
        return CodeSnippets.supported().stream().flatMap(s -> {
            SourceLanguage language = s.sourceLanguage().orElseThrow();
            Stream<Arguments> own = Stream.of(Arguments.of(s, language));
            return language == SourceLanguage.JAVASCRIPT
                    ? Stream.concat(own, Stream.of(Arguments.of(s, SourceLanguage.TYPESCRIPT)))
                    : own;
        });
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("snippetsByLanguage")
    void bothBackendsClassifyEveryByteAlike(Snippet snippet, SourceLanguage language) {
        assertThat(FFM_CLASSIFIER.classifyBytes(snippet.text(), language))
                .isEqualTo(JNI_CLASSIFIER.classifyBytes(snippet.text(), language));
    }

    @ParameterizedTest
    @EnumSource(SourceLanguage.class)
    void bothBackendsAgreeOnEdgeCases(SourceLanguage language) {
        for (String source : List.of("", " ", "\n\n", "\u0000", "größe = \"😀\" // ü", "}{)(][ @@@ `\\", "\uD83D x")) {
            assertThat(FFM_CLASSIFIER.classifyBytes(source, language))
                    .as("'%s'", source)
                    .isEqualTo(JNI_CLASSIFIER.classifyBytes(source, language));
        }
    }
}
