package dev.osprey.context.retrieval;

import java.util.ArrayList;
import java.util.List;

/**
 * Member-access chains in a line of code: names joined by {@code .}, {@code ::}, {@code ->} or {@code ?.}, with
 * whitespace allowed around the joiner. Matches what the regular expression
 * {@code [A-Za-z_$][\w$]*(?:\s*(?:\.|::|->|\?\.)\s*[A-Za-z_$][\w$]*)*} finds, left to right, read by hand: the
 * identifier scan reads thousands of lines per request.
 */
final class NameChains {
    /** One chain: its characters {@code [start, end)} in the text and its names in order. */
    record Chain(int start, int end, List<String> names) {
    }

    private NameChains() {
    }

    /** The chains of {@code text}, in order, each starting where the previous one ended or later. */
    static List<Chain> of(String text) {
        List<Chain> chains = new ArrayList<>();
        int n = text.length();
        int i = 0;
        while (i < n) {
            if (!isNameStart(text.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            int end = nameEnd(text, i);
            List<String> names = new ArrayList<>(2);
            names.add(text.substring(start, end));
            while (true) {
                int joinerEnd = joinerEnd(text, skipSpace(text, end));
                int next = joinerEnd < 0 ? n : skipSpace(text, joinerEnd);
                if (next >= n || !isNameStart(text.charAt(next))) {
                    break;
                }
                end = nameEnd(text, next);
                names.add(text.substring(next, end));
            }
            chains.add(new Chain(start, end, names));
            i = end;
        }
        return chains;
    }

    /** Where the joiner at {@code at} ends, or -1 when none starts there. */
    private static int joinerEnd(String text, int at) {
        if (at >= text.length()) {
            return -1;
        }
        char c = text.charAt(at);
        if (c == '.') {
            return at + 1;
        }
        char next = at + 1 < text.length() ? text.charAt(at + 1) : 0;
        return c == ':' && next == ':' || c == '-' && next == '>' || c == '?' && next == '.' ? at + 2 : -1;
    }

    private static int skipSpace(String text, int at) {
        while (at < text.length() && isSpace(text.charAt(at))) {
            at++;
        }
        return at;
    }

    private static int nameEnd(String text, int at) {
        while (at < text.length() && isNamePart(text.charAt(at))) {
            at++;
        }
        return at;
    }

    /** {@code \s} without UNICODE_CHARACTER_CLASS. */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }

    static boolean isNameStart(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '$';
    }

    /** {@code [\w$]} without UNICODE_CHARACTER_CLASS. */
    static boolean isNamePart(char c) {
        return isNameStart(c) || c >= '0' && c <= '9';
    }
}
