package dev.osprey.tokenizer.gguf;

import static dev.osprey.tokenizer.gguf.TinyVocabulary.encode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.tokenizer.BpeTokenizer;
import dev.osprey.tokenizer.TokenType;
import org.junit.jupiter.api.Test;

/** Overlapping special tokens are cut out longest first by UTF-8 length, as llama.cpp orders them. */
class SpecialTokenOrderTest {

    @Test
    void theTokenWithMoreBytesWinsOverTheOneWithMoreChars() {
        // "ℤℤ" is 2 chars and 6 bytes, "ℤab" 3 chars and 5 bytes: llama.cpp tries "ℤℤ" first
        BpeTokenizer tokenizer = new TinyVocabulary().token("\u2124", TokenType.NORMAL)
                .token("\u2124ab", TokenType.USER_DEFINED).token("\u2124\u2124", TokenType.USER_DEFINED).load();

        assertThat(encode(tokenizer, "\u2124\u2124ab", false)).containsExactly("\u2124\u2124", "a", "b");
    }

    /** llama.cpp's sort leaves equal lengths in no particular order; here the lower id goes first. */
    @Test
    void tokensOfEqualLengthAreTriedInIdOrder() {
        BpeTokenizer abFirst = new TinyVocabulary().token("ab", TokenType.CONTROL).token("ba", TokenType.CONTROL).load();
        BpeTokenizer baFirst = new TinyVocabulary().token("ba", TokenType.CONTROL).token("ab", TokenType.CONTROL).load();

        assertThat(encode(abFirst, "aba", true)).containsExactly("ab", "a");
        assertThat(encode(baFirst, "aba", true)).containsExactly("a", "ba");
    }
}
