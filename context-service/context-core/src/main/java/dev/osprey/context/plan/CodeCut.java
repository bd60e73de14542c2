package dev.osprey.context.plan;

import java.util.function.IntPredicate;
import java.util.function.ToIntFunction;

/**
 * Cuts code around a cursor to a token budget at line boundaries, preferring a line at the outermost
 * indentation of what is kept (the start of a statement or declaration rather than the middle of a
 * nested block). Text is only ever cut between characters and re-encoded whole, so no token is split.
 */
final class CodeCut {
    /** How many lines past the cheapest cut the cut may move to reach a syntax boundary. */
    static final int BOUNDARY_SEARCH_LINES = 16;

    /** Characters per token first assumed when reading toward a budget; doubled until the budget is passed. */
    static final int FIRST_CHARS_PER_TOKEN = 4;

    private CodeCut() {
    }

    /**
     * The part of code that cuts within a budget can reach, and its tokens.
     *
     * @param text   {@code text} itself, or the part of it nearest the cursor, starting (ending) at a line boundary
     * @param tokens its tokens
     * @param whole  whether {@code text} is all of it; when not, {@code tokens} exceeds the budget it was read for
     */
    record Reach(String text, int tokens, boolean whole) {
    }

    /**
     * The shortest tail of {@code text} that starts a line and takes more than {@code maxTokens} tokens, or all of
     * {@code text} when it fits: {@link #tail} with any budget up to {@code maxTokens} cuts the same from either, and
     * a long file is tokenized as far as the budget reaches rather than whole.
     */
    static Reach tailReach(String text, int maxTokens, ToIntFunction<String> tokens) {
        for (long chars = (long) FIRST_CHARS_PER_TOKEN * Math.max(1, maxTokens); ; chars *= 2) {
            int from = chars >= text.length() ? 0 : text.lastIndexOf('\n', (int) (text.length() - chars)) + 1;
            String part = text.substring(from);
            int count = tokens.applyAsInt(part);
            if (from == 0 || count > maxTokens) {
                return new Reach(part, count, from == 0);
            }
        }
    }

    /** {@link #tailReach} for a head: the shortest head ending a line that takes more than {@code maxTokens}. */
    static Reach headReach(String text, int maxTokens, ToIntFunction<String> tokens) {
        for (long chars = (long) FIRST_CHARS_PER_TOKEN * Math.max(1, maxTokens); ; chars *= 2) {
            int newline = chars >= text.length() ? -1 : text.indexOf('\n', (int) chars);
            int to = newline < 0 ? text.length() : newline + 1;
            String part = text.substring(0, to);
            int count = tokens.applyAsInt(part);
            if (to == text.length() || count > maxTokens) {
                return new Reach(part, count, to == text.length());
            }
        }
    }

    /** The longest tail of {@code text} (the part nearest a cursor at its end) within {@code maxTokens}. */
    static String tail(String text, int maxTokens, ToIntFunction<String> tokens) {
        return tail(text, tokens.applyAsInt(text), maxTokens, tokens);
    }

    /** {@link #tail(String, int, ToIntFunction)} of a text whose tokens are known ({@code textTokens}). */
    static String tail(String text, int textTokens, int maxTokens, ToIntFunction<String> tokens) {
        if (textTokens <= maxTokens) {
            return text;
        }
        int[] starts = lineStarts(text);
        int lo = firstFittingLine(text, starts, maxTokens, tokens);
        if (lo < 0) {
            return charTail(text.substring(starts[starts.length - 2]), maxTokens, tokens);
        }
        int best = lo;
        int outermost = Integer.MAX_VALUE;
        for (int i = lo; i < starts.length - 1; i++) {
            String line = line(text, starts, i);
            if (!line.isBlank()) {
                outermost = Math.min(outermost, indent(line));
            }
        }
        for (int i = lo; i < Math.min(starts.length - 1, lo + BOUNDARY_SEARCH_LINES); i++) {
            String line = line(text, starts, i);
            if (startsStatement(line, outermost)) {
                best = i;
                break;
            }
        }
        return text.substring(starts[best]);
    }

    /** The longest head of {@code text} (the part nearest a cursor at its start) within {@code maxTokens}. */
    static String head(String text, int maxTokens, ToIntFunction<String> tokens) {
        return head(text, tokens.applyAsInt(text), maxTokens, tokens);
    }

    /** {@link #head(String, int, ToIntFunction)} of a text whose tokens are known ({@code textTokens}). */
    static String head(String text, int textTokens, int maxTokens, ToIntFunction<String> tokens) {
        if (textTokens <= maxTokens) {
            return text;
        }
        int[] ends = lineEnds(text);
        int lo = lastFittingLine(text, ends, maxTokens, tokens);
        if (lo < 0) {
            return charHead(text.substring(0, ends[0]), maxTokens, tokens);
        }
        int[] starts = lineStarts(text);
        int outermost = Integer.MAX_VALUE;
        for (int i = 1; i <= lo; i++) {
            String line = line(text, starts, i);
            if (!line.isBlank()) {
                outermost = Math.min(outermost, indent(line));
            }
        }
        for (int i = lo; i > Math.max(0, lo - BOUNDARY_SEARCH_LINES); i--) {
            String next = i + 1 < starts.length - 1 ? line(text, starts, i + 1) : "";
            if (startsStatement(next, outermost)) {
                return text.substring(0, ends[i]);
            }
        }
        return text.substring(0, ends[lo]);
    }

    /**
     * The first line (index into {@code starts}, {@link #lineStarts}) whose tail of {@code text} fits {@code maxTokens},
     * or -1 when not even the last line's does. The lines' own counts, summed from the end, give the guess that
     * {@link #smallestFitting} settles exactly, so a long text costs about two counts of what is kept rather than a
     * bisection's dozen.
     */
    static int firstFittingLine(String text, int[] starts, int maxTokens, ToIntFunction<String> tokens) {
        int last = starts.length - 2;
        int guess = last;
        for (int i = last, sum = 0; i >= 0; i--) {
            sum += tokens.applyAsInt(line(text, starts, i));
            if (sum > maxTokens) {
                if (i == last) {
                    return -1; // the last line is its own tail
                }
                break;
            }
            guess = i;
        }
        // the last line fits (checked above), so the search ends on a line that does
        return smallestFitting(guess, last, i -> tokens.applyAsInt(text.substring(starts[i])) <= maxTokens);
    }

    /**
     * The last line (index into {@code ends}, {@link #lineEnds}) whose head of {@code text}, through its newline, fits
     * {@code maxTokens}, or -1 when not even the first line's does; {@link #firstFittingLine} mirrored.
     */
    static int lastFittingLine(String text, int[] ends, int maxTokens, ToIntFunction<String> tokens) {
        int last = ends.length - 1;
        int guess = 0;
        for (int i = 0, sum = 0; i <= last; i++) {
            sum += tokens.applyAsInt(text.substring(i == 0 ? 0 : ends[i - 1], ends[i]));
            if (sum > maxTokens) {
                if (i == 0) {
                    return -1; // the first line is its own head
                }
                break;
            }
            guess = i;
        }
        // the head through line i fits up to some line and not after: j = last - i turns that into "from some j on"
        // the first line fits (checked above), so the search ends on a line that does
        return last - smallestFitting(last - guess, last,
                j -> tokens.applyAsInt(text.substring(0, ends[last - j])) <= maxTokens);
    }

    /**
     * The smallest {@code i} in {@code [0, last]} with {@code fits(i)}, for a predicate that holds from some index on
     * (or {@code last} when none does), starting from a guess. A right guess costs two tests; a guess too high is
     * corrected by steps that double toward 0 and then a bisection, so that where a lower index means a longer text
     * the texts tested stay within about twice the answer's; a guess too low by a bisection above it.
     */
    static int smallestFitting(int guess, int last, IntPredicate fits) {
        int lo;
        int hi;
        if (fits.test(guess)) {
            if (guess == 0 || !fits.test(guess - 1)) {
                return guess;
            }
            hi = guess - 1; // fits
            lo = 0;
            for (int step = 1; ; step *= 2) {
                int at = Math.max(0, hi - step);
                if (!fits.test(at)) {
                    lo = at + 1;
                    break;
                }
                hi = at;
                if (at == 0) {
                    return 0;
                }
            }
        } else {
            if (guess >= last) {
                return last;
            }
            lo = guess + 1;
            hi = last;
        }
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (fits.test(mid)) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** The longest tail of one line within {@code maxTokens}, cut between characters. */
    private static String charTail(String text, int maxTokens, ToIntFunction<String> tokens) {
        int length = text.length();
        int guess = (int) Math.max(0, length - (long) FIRST_CHARS_PER_TOKEN * Math.max(1, maxTokens));
        int start = smallestFitting(guess, length,
                s -> tokens.applyAsInt(text.substring(safe(text, s))) <= maxTokens);
        return text.substring(safe(text, start));
    }

    /** The longest head of one line within {@code maxTokens}, cut between characters. */
    private static String charHead(String text, int maxTokens, ToIntFunction<String> tokens) {
        int length = text.length();
        int guess = (int) Math.max(0, length - (long) FIRST_CHARS_PER_TOKEN * Math.max(1, maxTokens));
        // heads of length - j characters: j = length is the empty head, which fits
        int cut = smallestFitting(guess, length,
                j -> tokens.applyAsInt(text.substring(0, safe(text, length - j))) <= maxTokens);
        return text.substring(0, safe(text, length - cut));
    }

    /** {@code at}, moved back off the middle of a surrogate pair. */
    private static int safe(String text, int at) {
        return at > 0 && at < text.length() && Character.isLowSurrogate(text.charAt(at)) ? at - 1 : at;
    }

    /** Start offsets of every line, plus {@code text.length()} at the end. */
    static int[] lineStarts(String text) {
        int n = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                n++;
            }
        }
        int[] starts = new int[n + 1];
        int k = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                starts[k++] = i + 1;
            }
        }
        starts[n] = text.length();
        return starts;
    }

    /** End offsets (past the newline) of every line; the last line ends at {@code text.length()}. */
    static int[] lineEnds(String text) {
        int[] starts = lineStarts(text);
        int[] ends = new int[starts.length - 1];
        for (int i = 0; i < ends.length; i++) {
            ends[i] = starts[i + 1];
        }
        return ends;
    }

    private static String line(String text, int[] starts, int i) {
        return text.substring(starts[i], starts[i + 1]);
    }

    /** A non-blank line at the outermost indentation that does not close a bracket: a statement or declaration starts. */
    private static boolean startsStatement(String line, int outermost) {
        String code = line.strip();
        return !code.isEmpty() && indent(line) <= outermost && "}])".indexOf(code.charAt(0)) < 0;
    }

    private static int indent(String line) {
        int n = 0;
        while (n < line.length() && (line.charAt(n) == ' ' || line.charAt(n) == '\t')) {
            n++;
        }
        return n;
    }
}
