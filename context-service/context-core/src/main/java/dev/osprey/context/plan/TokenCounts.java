package dev.osprey.context.plan;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToIntFunction;

/**
 * Token counts of texts that recur from one plan to the next (a repository's definitions, retrieved again as the
 * developer keeps typing in the same file), kept up to {@code maxChars} characters of text in all and then started
 * afresh; texts longer than {@code maxTextChars} are counted each time. Thread-safe.
 */
final class TokenCounts {
    private final ToIntFunction<String> count;
    private final long maxChars;
    private final int maxTextChars;
    private final ConcurrentHashMap<String, Integer> counts = new ConcurrentHashMap<>();
    private final AtomicLong chars = new AtomicLong();

    TokenCounts(ToIntFunction<String> count, long maxChars, int maxTextChars) {
        this.count = count;
        this.maxChars = maxChars;
        this.maxTextChars = maxTextChars;
    }

    int of(String text) {
        if (text.length() > maxTextChars) {
            return count.applyAsInt(text);
        }
        Integer known = counts.get(text);
        if (known != null) {
            return known;
        }
        int n = count.applyAsInt(text);
        if (chars.addAndGet(text.length()) > maxChars) {
            counts.clear();
            chars.set(text.length());
        }
        counts.put(text, n);
        return n;
    }

    /** How many texts are held (for tests). */
    int size() {
        return counts.size();
    }
}
