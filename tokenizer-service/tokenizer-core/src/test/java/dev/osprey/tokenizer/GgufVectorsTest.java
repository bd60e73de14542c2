package dev.osprey.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.testkit.TokenizerVectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every llama.cpp tokenizer vector for the bundled vocabulary GGUFs, and the code-snippet goldens,
 * reproduced exactly (no BOS, special-token text tokenized as plain text).
 */
class GgufVectorsTest {

    static Stream<Arguments> llamaCppVectors() {
        return Stream.of("deepseek-coder", "deepseek-llm", "falcon", "gpt-2", "llama-spm", "mpt", "starcoder")
                .flatMap(vocab -> TokenizerVectors.reference("tokenizer-vectors/ggml-vocab-" + vocab + ".gguf").stream()
                        .map(c -> Arguments.of(vocab, c)));
    }

    static Stream<Arguments> codeGoldens() {
        return Stream.of("deepseek-coder", "gpt-2", "llama-spm", "starcoder")
                .flatMap(vocab -> TokenizerVectors.reference("goldens/tokenizer/code-" + vocab, "").stream()
                        .map(c -> Arguments.of(vocab, c)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("llamaCppVectors")
    void reproducesLlamaCppVectors(String vocab, TokenizerVectors.Case testCase) {
        assertThat(ReferenceTokenizers.gguf(vocab).encode(testCase.text(), EncodeOptions.PLAIN))
                .as(testCase.toString()).containsExactly(testCase.expected());
        assertCounts(ReferenceTokenizers.gguf(vocab), testCase.text());
    }

    /** {@link Tokenizer#count} equals the length of {@link Tokenizer#encode} under every option. */
    static void assertCounts(Tokenizer tokenizer, String text) {
        for (EncodeOptions options : new EncodeOptions[] {EncodeOptions.PLAIN, EncodeOptions.PROMPT,
                EncodeOptions.TRUSTED}) {
            assertThat(tokenizer.count(text, options)).as("count of %s with %s", text, options)
                    .isEqualTo(tokenizer.encode(text, options).length);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("codeGoldens")
    void reproducesCodeGoldens(String vocab, TokenizerVectors.Case testCase) {
        assertThat(ReferenceTokenizers.gguf(vocab).encode(testCase.text(), EncodeOptions.PLAIN))
                .as(testCase.toString()).containsExactly(testCase.expected());
        assertCounts(ReferenceTokenizers.gguf(vocab), testCase.text());
    }
}
