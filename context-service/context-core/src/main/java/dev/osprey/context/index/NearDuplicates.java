package dev.osprey.context.index;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Remembers accepted snippets and refuses near-identical ones: the same text after whitespace is collapsed, or term
 * sets (code-aware identifiers) whose Jaccard overlap reaches a threshold.
 */
public final class NearDuplicates {
    private final double threshold;
    private final Set<String> normalised = new HashSet<>();
    private final List<Set<String>> termSets = new ArrayList<>();

    public NearDuplicates(double threshold) {
        this.threshold = threshold;
    }

    /** Accepts {@code text} unless it nearly duplicates one accepted before. */
    public boolean accept(String text) {
        String norm = collapseWhitespace(text.strip());
        if (normalised.contains(norm)) {
            return false;
        }
        Set<String> terms = new HashSet<>(CodeAnalyzer.terms(text));
        for (Set<String> seen : termSets) {
            if (jaccard(terms, seen) >= threshold) {
                return false;
            }
        }
        normalised.add(norm);
        termSets.add(terms);
        return true;
    }

    /** {@code text} with each run of {@code [ \t\n\x0B\f\r]} made one space (as {@code replaceAll("\\s+", " ")}). */
    static String collapseWhitespace(String text) {
        StringBuilder out = null;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (!isSpace(c)) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            int end = i + 1;
            while (end < n && isSpace(text.charAt(end))) {
                end++;
            }
            if (out == null && (c != ' ' || end > i + 1)) {
                out = new StringBuilder(n).append(text, 0, i);
            }
            if (out != null) {
                out.append(' ');
            }
            i = end - 1;
        }
        return out == null ? text : out.toString();
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }

    static double jaccard(Set<String> a, Set<String> b) {
        if (a.isEmpty() && b.isEmpty()) {
            return 1;
        }
        int common = 0;
        for (String term : a.size() <= b.size() ? a : b) {
            if ((a.size() <= b.size() ? b : a).contains(term)) {
                common++;
            }
        }
        return (double) common / (a.size() + b.size() - common);
    }
}
