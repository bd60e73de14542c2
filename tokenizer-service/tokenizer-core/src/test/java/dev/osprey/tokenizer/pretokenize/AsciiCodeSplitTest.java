package dev.osprey.tokenizer.pretokenize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The hand matcher splits ASCII text into the words java.util.regex finds, for every regex it takes. */
class AsciiCodeSplitTest {
    private static final String CONTRACTIONS_HF = "(?i:'s|'t|'re|'ve|'m|'ll|'d)";
    private static final String CONTRACTIONS_LLAMA_CPP = "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])";
    private static final String REST = "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
    private static final List<String> REGEXES = List.of(
            CONTRACTIONS_HF + "|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}" + REST,
            CONTRACTIONS_HF + "|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}" + REST,
            CONTRACTIONS_LLAMA_CPP + "|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}" + REST,
            CONTRACTIONS_LLAMA_CPP + "|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}" + REST);
    /** One of each class the regex tells apart, and the letters its contractions are made of. */
    private static final char[] ALPHABET = {'\'', 's', 'S', 't', 'r', 'E', 'v', 'l', 'L', 'd', 'm', 'x', '_', '0', '7',
        ' ', '\t', '\n', '\r', '\u000b', '\f', '(', ';', '\u0001', '\u001f', '\u007f'};

    private static void assertSameWords(RegexSplitter fast, RegexSplitter regex, String text, int from, int to) {
        int[] expected = regex.split(text, from, to);
        int[] actual = fast.split(text, from, to);
        if (!Arrays.equals(expected, actual)) {
            throw new AssertionError("words differ for " + escape(text.substring(from, to)) + ": regex "
                    + Arrays.toString(expected) + ", hand " + Arrays.toString(actual));
        }
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            b.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return b.append('"').toString();
    }

    /**
     * The pre-tokenizers Osprey ships for these families get the hand matcher: llama.cpp's llama-bpe, qwen2, dbrx and
     * glm4 regexes and the Split regex of Qwen3's and Llama 3's tokenizer.json. A one-character change to either
     * side would otherwise turn the hand matcher off with every other test still passing.
     */
    @Test
    void theShippedRegexesAreMatchedByHand() throws Exception {
        for (String family : List.of("llama-bpe", "qwen2", "dbrx", "glm4")) {
            assertThat(LlamaCppPreTokenizers.require(family).preTokenizer()).as(family)
                    .isInstanceOfSatisfying(RegexSplitter.class, s -> assertThat(s.matchesAsciiByHand()).isTrue());
        }
        for (String vocabulary : List.of("qwen3", "llama3")) {
            tools.jackson.databind.JsonNode steps = tools.jackson.databind.json.JsonMapper.builder().build()
                    .readTree(dev.osprey.testkit.ReferenceFiles.path("tokenizers/" + vocabulary + "/tokenizer.json")
                            .toFile()).path("pre_tokenizer").path("pretokenizers");
            String regex = steps.get(0).path("pattern").path("Regex").asString();
            assertThat(RegexSplitter.of(regex, RegexSplitter.Behavior.ISOLATED, false).matchesAsciiByHand())
                    .as(vocabulary).isTrue();
        }
    }

    @Test
    void everyShortStringOfEveryClassSplitsAsTheRegexDoes() {
        for (String r : REGEXES) {
            RegexSplitter fast = RegexSplitter.of(r, RegexSplitter.Behavior.ISOLATED, false);
            RegexSplitter regex = fast.regexOnly();
            assertThat(fast.matchesAsciiByHand()).as(r).isTrue();
            char[] buffer = new char[4];
            for (int length = 1; length <= 4; length++) {
                int total = (int) Math.pow(ALPHABET.length, length);
                for (int code = 0; code < total; code++) {
                    int rest = code;
                    for (int k = 0; k < length; k++) {
                        buffer[k] = ALPHABET[rest % ALPHABET.length];
                        rest /= ALPHABET.length;
                    }
                    String text = new String(buffer, 0, length);
                    assertSameWords(fast, regex, text, 0, length);
                }
            }
        }
    }

    @Test
    void longRandomTextAndInnerRangesSplitAsTheRegexDoes() {
        SplittableRandom random = new SplittableRandom(17);
        for (String r : REGEXES) {
            RegexSplitter fast = RegexSplitter.of(r, RegexSplitter.Behavior.ISOLATED, false);
            RegexSplitter regex = fast.regexOnly();
            for (int round = 0; round < 3000; round++) {
                char[] text = new char[random.nextInt(300)];
                for (int i = 0; i < text.length; i++) {
                    text[i] = random.nextInt(4) == 0 ? (char) random.nextInt(128) : ALPHABET[random.nextInt(ALPHABET.length)];
                }
                String s = new String(text);
                int from = s.isEmpty() ? 0 : random.nextInt(s.length());
                int to = from + random.nextInt(s.length() - from + 1);
                assertSameWords(fast, regex, s, 0, s.length());
                assertSameWords(fast, regex, s, from, to);
            }
        }
    }

    @Test
    void textWithNonAsciiIsLeftToTheRegexAndOtherRegexesHaveNoHandMatcher() {
        RegexSplitter fast = RegexSplitter.of(REGEXES.getFirst(), RegexSplitter.Behavior.ISOLATED, false);
        String text = "caf\u00e9 'S \u00b2x \u017ft\u00a0 \n";
        assertThat(fast.split(text, 0, text.length())).isEqualTo(fast.regexOnly().split(text, 0, text.length()));
        assertThat(AsciiCodeSplit.applies(text, 0, 3)).isTrue();
        assertThat(AsciiCodeSplit.applies(text, 0, 4)).isFalse();
        assertThat(RegexSplitter.of("\\p{N}+", RegexSplitter.Behavior.ISOLATED, false).matchesAsciiByHand()).isFalse();
        assertThat(RegexSplitter.of(REGEXES.getFirst(), RegexSplitter.Behavior.REMOVED, false).matchesAsciiByHand())
                .isFalse();
        assertThat(RegexSplitter.of(REGEXES.getFirst(), RegexSplitter.Behavior.ISOLATED, true).matchesAsciiByHand())
                .isFalse();
    }
}
