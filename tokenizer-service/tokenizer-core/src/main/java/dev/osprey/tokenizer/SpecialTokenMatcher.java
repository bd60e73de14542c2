package dev.osprey.tokenizer;

import dev.osprey.tokenizer.text.Utf8;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Cuts text at special-token occurrences before BPE, as llama.cpp's {@code tokenizer_st_partition}:
 * tokens are tried longest first (by UTF-8 length, then by id), each splitting every remaining text
 * piece at all its non-overlapping occurrences, left to right. Control and unknown tokens are matched
 * only when special parsing is on; user-defined tokens (added tokens that are not special) always are.
 * An lstrip token drops the ASCII whitespace ({@code isspace}) that ends the text piece on its left,
 * an rstrip token the whitespace that starts the piece on its right; only within the piece being split.
 */
final class SpecialTokenMatcher {

    /** A piece of the input: a special token ({@code id >= 0}) or raw text ({@code id == -1}), chars [start, end). */
    record Fragment(int id, int start, int end) {
        boolean isText() {
            return id < 0;
        }
    }

    private final List<SpecialTokenCandidate> candidates;
    /** Candidate indexes by their first two chars (one char for single-char tokens), to find which occur in one pass. */
    private final Map<Integer, int[]> byPrefix = new HashMap<>();
    /** The chars some candidate starts with, and those some always-matched candidate starts with. */
    private final BitSet firstChars = new BitSet(1 << 16);
    private final BitSet alwaysFirstChars = new BitSet(1 << 16);

    SpecialTokenMatcher(List<SpecialTokenCandidate> candidates) {
        List<SpecialTokenCandidate> sorted = new ArrayList<>(candidates);
        sorted.removeIf(c -> c.text().isEmpty());
        sorted.sort(Comparator.comparingInt((SpecialTokenCandidate c) -> -Utf8.length(c.text()))
                .thenComparingInt(SpecialTokenCandidate::id));
        this.candidates = List.copyOf(sorted);
        Map<Integer, List<Integer>> index = new HashMap<>();
        for (int i = 0; i < this.candidates.size(); i++) {
            index.computeIfAbsent(prefixKey(this.candidates.get(i).text(), 0), k -> new ArrayList<>()).add(i);
        }
        index.forEach((key, list) -> byPrefix.put(key, list.stream().mapToInt(Integer::intValue).toArray()));
        for (SpecialTokenCandidate c : this.candidates) {
            firstChars.set(c.text().charAt(0));
            if (c.alwaysMatched()) {
                alwaysFirstChars.set(c.text().charAt(0));
            }
        }
    }

    /** The first two chars packed, or for a one-char token that char with bit 31 set. */
    private static int prefixKey(String s, int at) {
        return at + 1 < s.length() ? (s.charAt(at) << 16) | s.charAt(at + 1) : s.charAt(at) | 0x8000_0000;
    }

    /** Which candidates occur in {@code text}, by index into {@link #candidates}. */
    private boolean[] occurring(String text, boolean parseSpecial) {
        boolean[] found = new boolean[candidates.size()];
        BitSet starts = parseSpecial ? firstChars : alwaysFirstChars;
        if (starts.isEmpty()) {
            return found;
        }
        for (int i = 0; i < text.length(); i++) {
            if (!starts.get(text.charAt(i))) {
                continue;
            }
            mark(text, i, byPrefix.get(text.charAt(i) | 0x8000_0000), parseSpecial, found);
            if (i + 1 < text.length()) {
                mark(text, i, byPrefix.get((text.charAt(i) << 16) | text.charAt(i + 1)), parseSpecial, found);
            }
        }
        return found;
    }

    private void mark(String text, int at, int[] indexes, boolean parseSpecial, boolean[] found) {
        if (indexes == null) {
            return;
        }
        for (int index : indexes) {
            SpecialTokenCandidate c = candidates.get(index);
            if (!found[index] && (parseSpecial || c.alwaysMatched()) && text.startsWith(c.text(), at)) {
                found[index] = true;
            }
        }
    }

    List<Fragment> partition(String text, boolean parseSpecial) {
        List<Fragment> fragments = new ArrayList<>();
        if (text.isEmpty()) {
            return fragments;
        }
        fragments.add(new Fragment(-1, 0, text.length()));
        if (candidates.isEmpty()) {
            return fragments;
        }
        boolean[] occurring = occurring(text, parseSpecial);
        for (int i = 0; i < candidates.size(); i++) {
            if (occurring[i]) {
                fragments = splitAll(text, fragments, candidates.get(i));
            }
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
