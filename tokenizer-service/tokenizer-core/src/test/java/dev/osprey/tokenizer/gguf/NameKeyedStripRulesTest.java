package dev.osprey.tokenizer.gguf;

import static dev.osprey.tokenizer.gguf.TinyVocabulary.encode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.osprey.tokenizer.BpeTokenizer;
import dev.osprey.tokenizer.TokenAttribute;
import dev.osprey.tokenizer.TokenType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** llama.cpp's lstrip/rstrip rules keyed on the pre-tokenizer, architecture and model name, on written vocabularies. */
class NameKeyedStripRulesTest {

    private static BpeTokenizer withMask(String key, String value) {
        return new TinyVocabulary().token("<mask>", TokenType.CONTROL).put(key, value).load();
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
            "tokenizer.ggml.pre, jina-v2-de",
            "tokenizer.ggml.pre, jina-v2-es",
            "tokenizer.ggml.pre, jina-v2-code",
            "general.architecture, nomic-bert-moe",
            "general.architecture, jina-bert-v3"})
    void jinaAndNomicMaskSwallowsTheWhitespaceBeforeIt(String key, String value) {
        BpeTokenizer tokenizer = withMask(key, value);
        int mask = tokenizer.vocabulary().id("<mask>").getAsInt();

        assertThat(tokenizer.vocabulary().has(mask, TokenAttribute.LSTRIP)).isTrue();
        assertThat(tokenizer.vocabulary().has(mask, TokenAttribute.RSTRIP)).isFalse();
        assertThat(encode(tokenizer, "a \t\n <mask> b", true)).containsExactly("a", "<mask>", "\u2581", "b");
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
            "tokenizer.ggml.pre, jina-v1-en",
            "tokenizer.ggml.pre, JINA-V2-CODE",
            "general.architecture, bert",
            "general.name, jina-v2-code"})
    void otherNamesLeaveTheMaskAlone(String key, String value) {
        BpeTokenizer tokenizer = withMask(key, value);

        assertThat(tokenizer.vocabulary().attributes(tokenizer.vocabulary().id("<mask>").getAsInt()))
                .isEqualTo(TokenAttribute.CONTROL.bit());
        assertThat(encode(tokenizer, "a  <mask> b", true)).containsExactly("a", "\u2581", "\u2581", "<mask>", "\u2581", "b");
    }

    @Test
    void aMissingMaskLeavesTheJinaRuleWithoutEffect() {
        BpeTokenizer tokenizer = new TinyVocabulary().put("tokenizer.ggml.pre", "jina-v2-code").load();

        assertThat(encode(tokenizer, "a <s>", true)).containsExactly("a", "\u2581", "<s>");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Modern-BERT base", "my-modern-bert"})
    void modernBertMaskSwallowsTheWhitespaceBeforeIt(String name) {
        BpeTokenizer tokenizer = new TinyVocabulary().token("[MASK]", TokenType.CONTROL).put("general.name", name).load();

        assertThat(encode(tokenizer, "a  [MASK]  b", true)).containsExactly("a", "[MASK]", "\u2581", "\u2581", "b");
    }

    @Test
    void modernBertIsMatchedAsWrittenWithItsHyphen() {
        BpeTokenizer tokenizer = new TinyVocabulary().token("[MASK]", TokenType.CONTROL).put("general.name", "ModernBERT").load();

        assertThat(encode(tokenizer, "a [MASK]", true)).containsExactly("a", "\u2581", "[MASK]");
    }

    private static TinyVocabulary phi3(String name) {
        return new TinyVocabulary().token("<|endoftext|>", TokenType.CONTROL).token("<|user|>", TokenType.CONTROL)
                .token("<tool>", TokenType.USER_DEFINED).token("plain", TokenType.NORMAL).put("general.name", name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Phi-3-mini-4k-instruct", "PHI3 medium"})
    void phi3SpecialTokensSwallowTheWhitespaceAfterThem(String name) {
        BpeTokenizer tokenizer = phi3(name).load();

        assertThat(encode(tokenizer, "<|user|> \n hi</s>  x", true)).containsExactly("<|user|>", "h", "i", "</s>", "x");
        // a user-defined token is cut out without special parsing, and strips there too
        assertThat(encode(tokenizer, "<tool>  x", false)).containsExactly("<tool>", "x");
        // the whitespace before a token stays
        assertThat(encode(tokenizer, "x <|user|>", true)).containsExactly("x", "\u2581", "<|user|>");
    }

    @Test
    void phi3ExemptsUnknownBeginAndEndOfText() {
        BpeTokenizer tokenizer = phi3("phi-3").load();

        assertThat(encode(tokenizer, "<s> a<unk> b<|endoftext|> c", true))
                .containsExactly("<s>", "\u2581", "a", "<unk>", "\u2581", "b", "<|endoftext|>", "\u2581", "c");
        var vocabulary = tokenizer.vocabulary();
        assertThat(vocabulary.has(vocabulary.id("</s>").getAsInt(), TokenAttribute.RSTRIP)).isTrue();
        assertThat(vocabulary.has(vocabulary.id("plain").getAsInt(), TokenAttribute.RSTRIP)).isFalse();
    }

    @Test
    void otherModelNamesDoNotStrip() {
        BpeTokenizer tokenizer = phi3("phi-2").load();

        assertThat(encode(tokenizer, "<|user|>  x", true)).containsExactly("<|user|>", "\u2581", "\u2581", "x");
    }

    @Test
    void thePreTokenizerRuleWinsOverThePhi3Rule() {
        BpeTokenizer tokenizer = phi3("phi-3").token("<mask>", TokenType.CONTROL).put("tokenizer.ggml.pre", "jina-v2-es").load();

        assertThat(encode(tokenizer, "<|user|> x <mask>", true)).containsExactly("<|user|>", "\u2581", "x", "<mask>");
    }

    @Test
    void aPhi3VocabularyWithoutATokenTheRuleNamesIsRejected() {
        TinyVocabulary vocabulary = new TinyVocabulary().token("<|user|>", TokenType.CONTROL).put("general.name", "Phi-3");

        assertThatThrownBy(vocabulary::load).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("general.name 'Phi-3'").hasMessageContaining("'<|endoftext|>'");
    }
}
