package dev.osprey.tokenizer.pretokenize;

import java.util.List;

/**
 * The pre-tokenization regex of the llama3 and qwen2 families (Qwen2.5-Coder, Qwen3, Llama 3, DeepSeek-R1-Qwen and
 * the many vocabularies llama.cpp maps to them), matched by hand over ASCII text as {@link java.util.regex} matches
 * it with {@link java.util.regex.Pattern#UNICODE_CHARACTER_CLASS}:
 *
 * <pre>
 * 's|'t|'re|'ve|'m|'ll|'d (any case) | [^\r\n\p{L}\p{N}]?\p{L}+ | \p{N} (or \p{N}{1,3}) |  ?[^\s\p{L}\p{N}]+[\r\n]*
 *   | \s*[\r\n]+ | \s+(?!\S) | \s+
 * </pre>
 *
 * Every position starts a match, so the words are the matches, one after another. Over ASCII, {@code \p{L}} is
 * {@code [A-Za-z]}, {@code \p{N}} is {@code [0-9]} and {@code \s} (Unicode White_Space) is {@code [\t\n\x0B\f\r ]}.
 * Text with any other character is left to the regex (Unicode classes and case folding). {@code TokenizerParityTest}
 * and {@code AsciiCodeSplitTest} hold the two to the same words.
 */
final class AsciiCodeSplit {
    private static final String CONTRACTIONS_HF = "(?i:'s|'t|'re|'ve|'m|'ll|'d)";
    private static final String LETTERS = "|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+";
    private static final String REST = "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

    /** Digits per word: 1 ({@code \p{N}}, qwen2) or 3 ({@code \p{N}{1,3}}, llama3). */
    private final int maxDigits;

    private AsciiCodeSplit(int maxDigits) {
        this.maxDigits = maxDigits;
    }

    /** The hand matcher for {@code regex}, or null when it is not one of the regexes this class matches. */
    static AsciiCodeSplit forRegex(String regex) {
        for (String contractions : List.of(CONTRACTIONS_HF, LlamaCppPreTokenizers.CONTRACTIONS_CI)) {
            if (regex.equals(contractions + LETTERS + "|\\p{N}" + REST)) {
                return new AsciiCodeSplit(1);
            }
            if (regex.equals(contractions + LETTERS + "|\\p{N}{1,3}" + REST)) {
                return new AsciiCodeSplit(3);
            }
        }
        return null;
    }

    /** Whether {@code text[from, to)} is ASCII, so that {@link #split} applies. */
    static boolean applies(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** The words of ASCII {@code text[from, to)}: (start, end) pairs, in order, covering it. */
    int[] split(String text, int from, int to) {
        WordList words = new WordList(Math.max(4, (to - from) / 2));
        for (int i = from; i < to; ) {
            int end = matchEnd(text, i, to);
            words.add(i, end);
            i = end;
        }
        return words.toArray();
    }

    /** Where the regex's match starting at {@code i} ends; the text ends at {@code n}. */
    private int matchEnd(String s, int i, int n) {
        char c = s.charAt(i);
        if (c == '\'' && i + 1 < n) {
            char a = lower(s.charAt(i + 1));
            if (a == 's' || a == 't' || a == 'm' || a == 'd') {
                return i + 2;
            }
            if (i + 2 < n) {
                char b = lower(s.charAt(i + 2));
                if ((a == 'r' || a == 'v') && b == 'e' || a == 'l' && b == 'l') {
                    return i + 3;
                }
            }
        }
        if (isLetter(c)) {
            return letters(s, i + 1, n);
        }
        if (c != '\r' && c != '\n' && !isDigit(c) && i + 1 < n && isLetter(s.charAt(i + 1))) {
            return letters(s, i + 2, n);
        }
        if (isDigit(c)) {
            int j = i + 1;
            while (j < n && j - i < maxDigits && isDigit(s.charAt(j))) {
                j++;
            }
            return j;
        }
        int punct = c == ' ' && i + 1 < n && isPunct(s.charAt(i + 1)) ? i + 1 : i;
        if (isPunct(s.charAt(punct))) {
            int j = punct + 1;
            while (j < n && isPunct(s.charAt(j))) {
                j++;
            }
            while (j < n && isNewline(s.charAt(j))) {
                j++;
            }
            return j;
        }
        // c is white space: [i, run) is its run
        int run = i + 1;
        while (run < n && isSpace(s.charAt(run))) {
            run++;
        }
        for (int p = run - 1; p >= i; p--) { // \s*[\r\n]+ ends after the run's last newline
            if (isNewline(s.charAt(p))) {
                return p + 1;
            }
        }
        if (run == n || run - i == 1) { // \s+(?!\S) takes a run that ends the text; \s+ a lone space
            return run;
        }
        return run - 1; // \s+(?!\S) leaves the run's last space to the word after it
    }

    private static int letters(String s, int j, int n) {
        while (j < n && isLetter(s.charAt(j))) {
            j++;
        }
        return j;
    }

    private static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }

    private static boolean isLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isNewline(char c) {
        return c == '\r' || c == '\n';
    }

    /** Unicode White_Space within ASCII. */
    private static boolean isSpace(char c) {
        return c == ' ' || c >= '\t' && c <= '\r';
    }

    /** {@code [^\s\p{L}\p{N}]} within ASCII. */
    private static boolean isPunct(char c) {
        return !isSpace(c) && !isLetter(c) && !isDigit(c);
    }
}
