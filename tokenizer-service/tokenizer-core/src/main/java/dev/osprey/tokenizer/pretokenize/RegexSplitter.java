package dev.osprey.tokenizer.pretokenize;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splitting text by a regex, with Hugging Face's split behaviours; a list of regexes applied one
 * after another is llama.cpp's pre-tokenization. Each word is matched on its own, so lookarounds
 * and {@code $} see the word's bounds, not the surrounding text; an empty match splits at its
 * position.
 *
 * <p>{@code \s} means Unicode White_Space and {@code \p{L}}, {@code \p{N}}, {@code \p{P}} the Unicode
 * general categories, as in llama.cpp's unicode tables.
 */
public final class RegexSplitter implements PreTokenizer {

    /** What becomes of the matches (Hugging Face {@code SplitDelimiterBehavior}). */
    public enum Behavior {
        /** Matches and the text between them are separate words (llama.cpp's only behaviour). */
        ISOLATED,
        /** Matches are dropped. */
        REMOVED,
        /** A match is appended to the word before it. */
        MERGED_WITH_PREVIOUS,
        /** A match is prepended to the word after it. */
        MERGED_WITH_NEXT,
        /** Consecutive matches form one word. */
        CONTIGUOUS
    }

    private final Pattern pattern;
    private final Behavior behavior;
    private final boolean invert;
    /** The hand matcher for ASCII text where the regex is one it knows and matches are the words; else null. */
    private final AsciiCodeSplit ascii;

    private RegexSplitter(Pattern pattern, Behavior behavior, boolean invert) {
        this(pattern, behavior, invert,
                behavior == Behavior.ISOLATED && !invert ? AsciiCodeSplit.forRegex(pattern.pattern()) : null);
    }

    private RegexSplitter(Pattern pattern, Behavior behavior, boolean invert, AsciiCodeSplit ascii) {
        this.pattern = pattern;
        this.behavior = behavior;
        this.invert = invert;
        this.ascii = ascii;
    }

    /** This splitter without its hand matcher: the regex alone (for parity tests). */
    RegexSplitter regexOnly() {
        return new RegexSplitter(pattern, behavior, invert, null);
    }

    /** Whether ASCII text is split by {@link AsciiCodeSplit} rather than the regex. */
    boolean matchesAsciiByHand() {
        return ascii != null;
    }

    /** @throws IllegalArgumentException naming the regex that does not compile */
    public static RegexSplitter of(String regex, Behavior behavior, boolean invert) {
        return new RegexSplitter(compile(regex), behavior, invert);
    }

    /** llama.cpp's pre-tokenization: each regex isolates its matches within every word of the previous one. */
    public static PreTokenizer llamaCpp(List<String> regexes) {
        return PreTokenizer.sequence(regexes.stream()
                .<PreTokenizer>map(r -> of(r, Behavior.ISOLATED, false)).toList());
    }

    /** Escapes {@code literal} so it matches itself. */
    public static RegexSplitter literal(String literal, Behavior behavior, boolean invert) {
        return new RegexSplitter(Pattern.compile(Pattern.quote(literal)), behavior, invert);
    }

    static Pattern compile(String regex) {
        try {
            return Pattern.compile(regex, Pattern.UNICODE_CHARACTER_CLASS);
        } catch (java.util.regex.PatternSyntaxException e) {
            throw new IllegalArgumentException("pre-tokenizer regex does not compile: " + e.getMessage(), e);
        }
    }

    public String regex() {
        return pattern.pattern();
    }

    @Override
    public int[] split(String text, int from, int to) {
        if (ascii != null && AsciiCodeSplit.applies(text, from, to)) {
            return ascii.split(text, from, to);
        }
        // Segments covering [from, to): (start, end, isDelimiter), delimiters being the matches
        // (or, inverted, the text between them).
        int[] segments = new int[24];
        int count = 0;
        Matcher matcher = pattern.matcher(text);
        matcher.region(from, to);
        int cursor = from;
        while (matcher.find()) {
            int ms = matcher.start();
            int me = matcher.end();
            if (ms > cursor) {
                segments = addSegment(segments, count++, cursor, ms, invert);
            }
            if (me > ms) {
                segments = addSegment(segments, count++, ms, me, !invert);
            }
            cursor = Math.max(cursor, me);
        }
        if (cursor < to) {
            segments = addSegment(segments, count++, cursor, to, invert);
        }
        WordList words = new WordList(count * 2);
        int pendingStart = -1;
        boolean previousDelimiter = false;
        for (int i = 0; i < count; i++) {
            int s = segments[3 * i];
            int e = segments[3 * i + 1];
            boolean delimiter = segments[3 * i + 2] != 0;
            switch (behavior) {
                case ISOLATED -> words.add(s, e);
                case REMOVED -> {
                    if (!delimiter) {
                        words.add(s, e);
                    }
                }
                case MERGED_WITH_PREVIOUS -> {
                    if (delimiter && !words.isEmpty() && words.lastEnd() == s) {
                        words.extendLast(s, e);
                    } else {
                        words.add(s, e);
                    }
                }
                case MERGED_WITH_NEXT -> {
                    if (delimiter) {
                        pendingStart = pendingStart >= 0 ? pendingStart : s;
                    } else {
                        words.add(pendingStart >= 0 ? pendingStart : s, e);
                        pendingStart = -1;
                    }
                }
                case CONTIGUOUS -> {
                    if (delimiter && previousDelimiter) {
                        words.extendLast(s, e);
                    } else {
                        words.add(s, e);
                    }
                }
            }
            previousDelimiter = delimiter;
        }
        if (pendingStart >= 0) {
            words.add(pendingStart, to);
        }
        return words.toArray();
    }

    private static int[] addSegment(int[] segments, int index, int start, int end, boolean delimiter) {
        if (3 * index + 3 > segments.length) {
            segments = java.util.Arrays.copyOf(segments, segments.length * 2);
        }
        segments[3 * index] = start;
        segments[3 * index + 1] = end;
        segments[3 * index + 2] = delimiter ? 1 : 0;
        return segments;
    }
}
