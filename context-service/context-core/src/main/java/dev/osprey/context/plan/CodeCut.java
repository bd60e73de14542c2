package dev.osprey.context.plan;

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
        if (tokens.applyAsInt(text) <= maxTokens) {
            return text;
        }
        int[] starts = lineStarts(text);
        int lo = 0;
        int hi = starts.length - 2;
        // smallest line index whose tail fits
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (tokens.applyAsInt(text.substring(starts[mid])) <= maxTokens) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        if (tokens.applyAsInt(text.substring(starts[lo])) > maxTokens) {
            return charTail(text.substring(starts[lo]), maxTokens, tokens);
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
        if (tokens.applyAsInt(text) <= maxTokens) {
            return text;
        }
        int[] ends = lineEnds(text);
        int lo = -1;
        int hi = ends.length - 1;
        // largest line index whose head (through its newline) fits
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (tokens.applyAsInt(text.substring(0, ends[mid])) <= maxTokens) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
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

    private static String charTail(String text, int maxTokens, ToIntFunction<String> tokens) {
        int lo = 0;
        int hi = text.length();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (tokens.applyAsInt(text.substring(safe(text, mid))) <= maxTokens) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return text.substring(safe(text, lo));
    }

    private static String charHead(String text, int maxTokens, ToIntFunction<String> tokens) {
        int lo = 0;
        int hi = text.length();
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (tokens.applyAsInt(text.substring(0, safe(text, mid))) <= maxTokens) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return text.substring(0, safe(text, lo));
    }

    /** {@code at}, moved back off the middle of a surrogate pair. */
    private static int safe(String text, int at) {
        return at > 0 && at < text.length() && Character.isLowSurrogate(text.charAt(at)) ? at - 1 : at;
    }

    /** Start offsets of every line, plus {@code text.length()} at the end. */
    private static int[] lineStarts(String text) {
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
    private static int[] lineEnds(String text) {
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
