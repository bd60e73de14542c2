package dev.osprey.tokenizer.gguf;

import static dev.osprey.tokenizer.gguf.TinyVocabulary.encode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.tokenizer.BpeTokenizer;
import dev.osprey.tokenizer.EncodeOptions;
import dev.osprey.tokenizer.ReferenceTokenizers;
import dev.osprey.tokenizer.TokenAttribute;
import dev.osprey.tokenizer.TokenType;
import dev.osprey.tokenizer.Tokenizer;
import dev.osprey.tokenizer.Vocabulary;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** llama.cpp's token-type corrections by token text, on written vocabularies and the bundled deepseek-coder one. */
class ControlLookingTokensTest {

    private static int attributes(BpeTokenizer tokenizer, String token) {
        Vocabulary vocabulary = tokenizer.vocabulary();
        return vocabulary.attributes(vocabulary.id(token).getAsInt());
    }

    private static String render(Tokenizer tokenizer, String token, boolean renderSpecial) {
        return new String(tokenizer.piece(tokenizer.vocabulary().id(token).getAsInt(), renderSpecial), StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"<|im_end|>", "<|endoftext|>", "<end_of_turn>", "[e~[", "<｜end▁of▁sentence｜>"})
    void aNormalEndOfGenerationTokenBecomesControl(String token) {
        BpeTokenizer tokenizer = new TinyVocabulary().token(token, TokenType.NORMAL).load();

        assertThat(attributes(tokenizer, token)).isEqualTo(TokenAttribute.NORMAL.bit() | TokenAttribute.CONTROL.bit());
        assertThat(encode(tokenizer, "a" + token, true)).containsExactly("a", token);
        assertThat(encode(tokenizer, "a" + token, false)).doesNotContain(token).contains("a");
        assertThat(render(tokenizer, token, false)).isEmpty();
        assertThat(render(tokenizer, token, true)).isEqualTo(token);
    }

    @Test
    void aFimTokenFoundByTextBecomesControlWhenTheFileNamesNone() {
        BpeTokenizer tokenizer = new TinyVocabulary().token("<|fim_prefix|>", TokenType.USER_DEFINED).load();

        assertThat(attributes(tokenizer, "<|fim_prefix|>")).isEqualTo(TokenAttribute.USER_DEFINED.bit() | TokenAttribute.CONTROL.bit());
        // no longer matched without special parsing, as a user-defined token would be
        assertThat(encode(tokenizer, "<|fim_prefix|>", false)).doesNotContain("<|fim_prefix|>");
        assertThat(encode(tokenizer, "<|fim_prefix|>", true)).containsExactly("<|fim_prefix|>");
    }

    @Test
    void aFimTokenTheFileNamesKeepsItsType() {
        BpeTokenizer tokenizer = new TinyVocabulary().token("<|fim_prefix|>", TokenType.USER_DEFINED)
                .putId("tokenizer.ggml.fim_pre_token_id", "<|fim_prefix|>").load();

        assertThat(attributes(tokenizer, "<|fim_prefix|>")).isEqualTo(TokenAttribute.USER_DEFINED.bit());
        assertThat(encode(tokenizer, "<|fim_prefix|>", false)).containsExactly("<|fim_prefix|>");
    }

    @Test
    void controlTokensNamedUnusedAreMarkedUnused() {
        BpeTokenizer tokenizer = new TinyVocabulary().token("<unused0>", TokenType.CONTROL)
                .token("<unused1>", TokenType.NORMAL).load();

        assertThat(attributes(tokenizer, "<unused0>")).isEqualTo(TokenAttribute.CONTROL.bit() | TokenAttribute.UNUSED.bit());
        assertThat(attributes(tokenizer, "<unused1>")).isEqualTo(TokenAttribute.NORMAL.bit());
        // still cut out whole and rendered on request, as a control token
        assertThat(encode(tokenizer, "<unused0>", true)).containsExactly("<unused0>");
        assertThat(render(tokenizer, "<unused0>", true)).isEqualTo("<unused0>");
    }

    @Test
    void gptOssChannelTokensBecomeUserDefinedAndAreAlwaysMatched() {
        TinyVocabulary vocabulary = new TinyVocabulary();
        for (String token : List.of("<|channel|>", "<|message|>", "<|start|>", "<|constrain|>")) {
            vocabulary.token(token, TokenType.CONTROL);
        }
        BpeTokenizer tokenizer = vocabulary.load();

        assertThat(attributes(tokenizer, "<|channel|>")).isEqualTo(TokenAttribute.USER_DEFINED.bit());
        assertThat(encode(tokenizer, "<|start|>x<|channel|>y<|message|>z<|constrain|>", false))
                .containsExactly("<|start|>", "x", "<|channel|>", "y", "<|message|>", "z", "<|constrain|>");
        assertThat(render(tokenizer, "<|channel|>", false)).isEqualTo("<|channel|>");
    }

    @Test
    void harmonyEndBecomesUserDefinedBesideReturnAndCall() {
        BpeTokenizer harmony = new TinyVocabulary().token("<|end|>", TokenType.CONTROL)
                .token("<|return|>", TokenType.CONTROL).token("<|call|>", TokenType.CONTROL).load();
        BpeTokenizer solar = new TinyVocabulary().token("<|end|>", TokenType.CONTROL)
                .token("<|calls|>", TokenType.CONTROL).token("<|flush|>", TokenType.CONTROL).load();
        BpeTokenizer returnOnly = new TinyVocabulary().token("<|end|>", TokenType.CONTROL)
                .token("<|return|>", TokenType.CONTROL).load();

        assertThat(attributes(harmony, "<|end|>")).isEqualTo(TokenAttribute.USER_DEFINED.bit());
        assertThat(encode(harmony, "x<|end|>", false)).containsExactly("x", "<|end|>");
        assertThat(attributes(solar, "<|end|>")).isEqualTo(TokenAttribute.USER_DEFINED.bit());
        assertThat(attributes(returnOnly, "<|end|>")).isEqualTo(TokenAttribute.CONTROL.bit());
    }

    @Test
    void gemma4EndOfSentenceBecomesNormalBesideToolResponse() {
        BpeTokenizer tokenizer = new TinyVocabulary().token("<|tool_response>", TokenType.CONTROL).load();

        assertThat(attributes(tokenizer, "</s>")).isEqualTo(TokenAttribute.NORMAL.bit());
        assertThat(encode(tokenizer, "x</s>", true)).doesNotContain("</s>").startsWith("x", "<", "/", "s", ">");
        assertThat(encode(tokenizer, "x<|tool_response>", true)).containsExactly("x", "<|tool_response>");
    }

    /** deepseek-coder's GGUF types its FIM tokens user-defined and names no FIM ids: llama.cpp makes them control. */
    @Test
    void deepseekCoderFimTokensAreControl() {
        Tokenizer tokenizer = ReferenceTokenizers.gguf("deepseek-coder");
        Vocabulary vocabulary = tokenizer.vocabulary();
        int begin = vocabulary.id("<｜fim▁begin｜>").getAsInt();

        for (String token : List.of("<｜fim▁begin｜>", "<｜fim▁hole｜>", "<｜fim▁end｜>")) {
            int id = vocabulary.id(token).getAsInt();
            assertThat(vocabulary.type(id)).as(token).isEqualTo(TokenType.USER_DEFINED);
            assertThat(vocabulary.attributes(id)).as(token).isEqualTo(TokenAttribute.USER_DEFINED.bit() | TokenAttribute.CONTROL.bit());
        }
        assertThat(tokenizer.encode("x<｜fim▁begin｜>y", new EncodeOptions(false, true)))
                .hasSize(3).contains(begin);
        int[] plain = tokenizer.encode("x<｜fim▁begin｜>y", EncodeOptions.PLAIN);
        assertThat(plain).doesNotContain(begin).hasSizeGreaterThan(3);
        assertThat(tokenizer.decode(plain, false)).isEqualTo("x<｜fim▁begin｜>y");
        assertThat(render(tokenizer, "<｜fim▁begin｜>", false)).isEmpty();
    }
}
