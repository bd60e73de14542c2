package dev.osprey.tokenizer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Cuts text at special-token occurrences before BPE, as llama.cpp's {@code tokenizer_st_partition}:
 * tokens are tried longest first, each splitting every remaining text piece at all its
 * non-overlapping occurrences, left to right. Control and unknown tokens are matched only when
 * special parsing is on; user-defined tokens (added tokens that are not special) always are.
 */
final class SpecialTokenMatcher {

    /** A piece of the input: a special token ({@code id >= 0}) or raw text ({@code id == -1}), chars [start, end). */
    record Fragment(int id, int start, int end) {
        boolean isText() {
            return id < 0;
        }
    }

    private final List<SpecialTokenCandidate> candidates;

    SpecialTokenMatcher(List<SpecialTokenCandidate> candidates) {
        List<SpecialTokenCandidate> sorted = new ArrayList<>(candidates);
        sorted.removeIf(c -> c.text().isEmpty());
        sorted.sort(Comparator.comparingInt((SpecialTokenCandidate c) -> -c.text().length()).thenComparingInt(SpecialTokenCandidate::id));
        this.candidates = List.copyOf(sorted);
    }

    List<Fragment> partition(String text, boolean parseSpecial) {
        List<Fragment> fragments = new ArrayList<>();
        if (text.isEmpty()) {
            return fragments;
        }
        fragments.add(new Fragment(-1, 0, text.length()));
        for (SpecialTokenCandidate candidate : candidates) {
            if (!parseSpecial && !candidate.alwaysMatched()) {
                continue;
            }
            if (text.indexOf(candidate.text()) < 0) {
                continue;
            }
            fragments = splitAll(text, fragments, candidate);
        }
        return fragments;
    }

    private static List<Fragment> splitAll(String text, List<Fragment> fragments, SpecialTokenCandidate candidate) {
        List<Fragment> out = new ArrayList<>(fragments.size() + 4);
        String token = candidate.text();
        for (Fragment fragment : fragments) {
            if (!fragment.isText()) {
                out.add(fragment);
                continue;
            }
            int start = fragment.start();
            int end = fragment.end();
            while (start < end) {
                int match = text.indexOf(token, start);
                if (match < 0 || match + token.length() > end) {
                    break;
                }
                int leftEnd = match;
                if (candidate.lstrip()) {
                    while (leftEnd > start && isAsciiSpace(text.charAt(leftEnd - 1))) {
                        leftEnd--;
                    }
                }
                if (leftEnd > start) {
                    out.add(new Fragment(-1, start, leftEnd));
                }
                out.add(new Fragment(candidate.id(), match, match + token.length()));
                start = match + token.length();
                if (candidate.rstrip()) {
                    while (start < end && isAsciiSpace(text.charAt(start))) {
                        start++;
                    }
                }
            }
            if (start < end) {
                out.add(new Fragment(-1, start, end));
            }
        }
        return out;
    }

    private static boolean isAsciiSpace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }
}
