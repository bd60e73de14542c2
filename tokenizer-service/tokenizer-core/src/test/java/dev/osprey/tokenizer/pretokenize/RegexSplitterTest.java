package dev.osprey.tokenizer.pretokenize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegexSplitterTest {

    private static List<String> words(PreTokenizer splitter, String text) {
        int[] w = splitter.split(text, 0, text.length());
        List<String> out = new ArrayList<>();
        for (int i = 0; i < w.length; i += 2) {
            out.add(text.substring(w[i], w[i + 1]));
        }
        return out;
    }

    @Test
    void behaviours() {
        String text = "a,,b,c";
        assertThat(words(RegexSplitter.of(",", RegexSplitter.Behavior.ISOLATED, false), text))
                .containsExactly("a", ",", ",", "b", ",", "c");
        assertThat(words(RegexSplitter.of(",", RegexSplitter.Behavior.REMOVED, false), text))
                .containsExactly("a", "b", "c");
        assertThat(words(RegexSplitter.of(",", RegexSplitter.Behavior.MERGED_WITH_PREVIOUS, false), text))
                .containsExactly("a,,", "b,", "c");
        assertThat(words(RegexSplitter.of(",", RegexSplitter.Behavior.MERGED_WITH_NEXT, false), text))
                .containsExactly("a", ",,b", ",c");
        assertThat(words(RegexSplitter.of(",", RegexSplitter.Behavior.CONTIGUOUS, false), text))
                .containsExactly("a", ",,", "b", ",", "c");
        assertThat(words(RegexSplitter.of(",", RegexSplitter.Behavior.REMOVED, true), text))
                .containsExactly(",", ",", ",");
    }

    @Test
    void llamaCppRegexesSplitEachPieceOnItsOwn() {
        // "\s+$" must see the end of each piece, not of the whole text
        PreTokenizer splitter = RegexSplitter.llamaCpp(List.of("[\r\n]", "\\s+$"));
        assertThat(words(splitter, "a  \nb ")).containsExactly("a", "  ", "\n", "b", " ");
    }

    @Test
    void gpt2KeepsTheLastSpaceForTheNextWord() {
        PreTokenizer gpt2 = LlamaCppPreTokenizers.require("gpt-2").preTokenizer();
        assertThat(words(gpt2, "x   = 1")).containsExactly("x", "  ", " =", " 1");
    }

    @Test
    void unknownPreTokenizerNamesTheKnownOnes() {
        assertThatThrownBy(() -> LlamaCppPreTokenizers.require("no-such-model"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no-such-model").hasMessageContaining("qwen2").hasMessageContaining("deepseek-coder");
    }
}
