package dev.osprey.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.osprey.testkit.TokenizerVectors;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Decoding, streaming and byte spans over the real code snippets, for every reference vocabulary. */
class DecodeAndSpansTest {

    static Stream<Arguments> snippets() {
        var cases = TokenizerVectors.reference("goldens/tokenizer/code-gpt-2");
        return Stream.of("gguf:deepseek-coder", "gguf:starcoder", "gguf:gpt-2", "gguf:llama-spm", "hf:qwen3", "hf:llama3",
                        "hf:llama2")
                .flatMap(vocab -> cases.stream().map(c -> Arguments.of(vocab, c)));
    }

    static Tokenizer tokenizer(String name) {
        String[] parts = name.split(":");
        return parts[0].equals("gguf") ? ReferenceTokenizers.gguf(parts[1]) : ReferenceTokenizers.huggingFace(parts[1]);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("snippets")
    void decodeRestoresTheText(String vocab, TokenizerVectors.Case snippet) {
        Tokenizer tokenizer = tokenizer(vocab);
        int[] ids = tokenizer.encode(snippet.text(), EncodeOptions.PLAIN);
        assertThat(tokenizer.decode(ids, false)).isEqualTo(snippet.text());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("snippets")
    void streamingEmitsWholeCharactersAndAddsUpToTheFullDecode(String vocab, TokenizerVectors.Case snippet) {
        Tokenizer tokenizer = tokenizer(vocab);
        int[] ids = tokenizer.encode(snippet.text(), EncodeOptions.PLAIN);
        StreamingDecoder decoder = tokenizer.streamingDecoder(false);
        StringBuilder streamed = new StringBuilder();
        for (int id : ids) {
            String delta = decoder.accept(id);
            assertThat(delta).doesNotContain("\uFFFD");
            streamed.append(delta);
        }
        streamed.append(decoder.flush());
        String full = new String(concatPieces(tokenizer, ids), StandardCharsets.UTF_8);
        assertThat(streamed.toString()).isEqualTo(full);
    }

    private static byte[] concatPieces(Tokenizer tokenizer, int[] ids) {
        var out = new java.io.ByteArrayOutputStream();
        for (int id : ids) {
            out.writeBytes(tokenizer.piece(id, false));
        }
        return out.toByteArray();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("snippets")
    void spansAreContiguousAndCoverTheInput(String vocab, TokenizerVectors.Case snippet) {
        Tokenizer tokenizer = tokenizer(vocab);
        Encoding encoding = tokenizer.encodeWithSpans(snippet.text(), EncodeOptions.PLAIN);
        byte[] utf8 = snippet.text().getBytes(StandardCharsets.UTF_8);
        int expectedStart = 0;
        for (int i = 0; i < encoding.size(); i++) {
            assertThat(encoding.starts()[i]).as("token %d start", i).isEqualTo(expectedStart);
            assertThat(encoding.ends()[i]).as("token %d end", i).isGreaterThanOrEqualTo(encoding.starts()[i]);
            expectedStart = encoding.ends()[i];
        }
        assertThat(expectedStart).isEqualTo(utf8.length);
        if (tokenizer.vocabulary().model() == TokenizerModel.GPT2) {
            for (int i = 0; i < encoding.size(); i++) {
                byte[] covered = Arrays.copyOfRange(utf8, encoding.starts()[i], encoding.ends()[i]);
                assertThat(tokenizer.piece(encoding.ids()[i], false)).as("token %d", i).isEqualTo(covered);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gguf:llama-spm", "gguf:deepseek-coder"})
    void addSpecialAddsBosAsDeclared(String vocab) {
        Tokenizer tokenizer = tokenizer(vocab);
        Vocabulary v = tokenizer.vocabulary();
        Encoding encoding = tokenizer.encodeWithSpans("int x;", EncodeOptions.PROMPT);
        assertThat(v.addBos()).isTrue();
        assertThat(encoding.ids()[0]).isEqualTo(v.special(Vocabulary.Role.BOS).getAsInt());
        assertThat(encoding.starts()[0]).isEqualTo(encoding.ends()[0]).isZero();
        assertThat(Arrays.copyOfRange(encoding.ids(), 1, encoding.size()))
                .containsExactly(tokenizer.encode("int x;", EncodeOptions.PLAIN));
    }

    @ParameterizedTest
    @ValueSource(strings = {"hf:qwen3", "gguf:starcoder"})
    void specialTokenTextIsPlainUnlessParsingIsOn(String vocab) {
        Tokenizer tokenizer = tokenizer(vocab);
        String special = tokenizer.vocabulary().token(tokenizer.vocabulary().special(Vocabulary.Role.EOS).orElseThrow());
        String text = "a" + special + "b";
        int[] plain = tokenizer.encode(text, EncodeOptions.PLAIN);
        int[] parsed = tokenizer.encode(text, new EncodeOptions(false, true));
        int eos = tokenizer.vocabulary().special(Vocabulary.Role.EOS).getAsInt();
        assertThat(plain).doesNotContain(eos);
        assertThat(parsed).contains(eos);
        assertThat(tokenizer.decode(parsed, true)).isEqualTo(text);
        assertThat(tokenizer.decode(parsed, false)).isEqualTo("ab");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gguf:llama-spm", "hf:llama2"})
    void sentencePieceDropsOnlyTheDummyPrefixSpace(String vocab) {
        Tokenizer tokenizer = tokenizer(vocab);
        assertThat(tokenizer.decode(tokenizer.encode(" two  spaces", EncodeOptions.PLAIN), false)).isEqualTo(" two  spaces");
        int[] withBos = tokenizer.encode("Hello", EncodeOptions.PROMPT);
        assertThat(tokenizer.decode(withBos, false)).isEqualTo("Hello");
        assertThat(tokenizer.decode(withBos, true)).isEqualTo("<s> Hello");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gguf:gpt-2", "hf:qwen3"})
    void invalidIdsAndTextAreRejected(String vocab) {
        Tokenizer tokenizer = tokenizer(vocab);
        int size = tokenizer.vocabulary().size();
        assertThatThrownBy(() -> tokenizer.decode(new int[] {0, size}, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(String.valueOf(size));
        assertThatThrownBy(() -> tokenizer.piece(-1, false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tokenizer.encode("bad \uD800 surrogate", EncodeOptions.PLAIN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("surrogate");
    }
}
