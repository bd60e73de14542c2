package dev.osprey.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.testkit.TokenizerVectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** llama.cpp's qwen2 and llama-bpe vectors, reproduced through the Hugging Face tokenizer.json files. */
class HuggingFaceVectorsTest {

    static Stream<Arguments> cases() {
        return Stream.of(new String[] {"qwen3", "qwen2"}, new String[] {"llama3", "llama-bpe"})
                .flatMap(pair -> TokenizerVectors.reference("tokenizer-vectors/ggml-vocab-" + pair[1] + ".gguf").stream()
                        .map(c -> Arguments.of(pair[0], c)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void reproducesLlamaCppIds(String tokenizer, TokenizerVectors.Case testCase) {
        int[] ids = ReferenceTokenizers.huggingFace(tokenizer).encode(testCase.text(), EncodeOptions.PLAIN);
        assertThat(ids).as(testCase.toString()).containsExactly(testCase.expected());
        GgufVectorsTest.assertCounts(ReferenceTokenizers.huggingFace(tokenizer), testCase.text());
        GgufVectorsTest.assertCounts(ReferenceTokenizers.huggingFace(tokenizer),
                "<|endoftext|>" + testCase.text() + "<|im_start|><|fim_prefix|>");
    }
}
