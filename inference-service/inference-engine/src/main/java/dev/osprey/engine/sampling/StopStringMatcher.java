package dev.osprey.engine.sampling;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds stop strings in streamed output and decides how much text may be released. Fed the text
 * delta of each token (e.g. from a tokenizer's streaming decoder), it releases everything except the
 * longest tail that could still grow into a stop string, so a client never receives text that later
 * turns out to belong to one. A stop string may span any number of tokens; candidates may share or
 * overlap prefixes.
 *
 * <p>When a stop string appears, the text before it is released, the stop string and anything after
 * it are dropped (OpenAI semantics), and the matcher is finished. If several stop strings appear in
 * the same delta, the one that completes first wins, and of those completing at the same character
 * the longest: the result is what feeding the text one character at a time would give, so it does
 * not depend on how the tokenizer cut the text.
 *
 * <p>Typical loop: {@code emit(matcher.accept(delta)); if (matcher.stopped()) finish(STOP);} and, when
 * generation ends otherwise, {@code emit(matcher.flush())}. One per sequence; not thread-safe.
 */
public final class StopStringMatcher {
    private final List<String> stops;
    private final int longest;
    private final StringBuilder held = new StringBuilder();
    private String matched;

    /** @param stopStrings non-empty strings; an empty list makes the matcher pass text through */
    public StopStringMatcher(List<String> stopStrings) {
        this.stops = List.copyOf(stopStrings);
        int max = 0;
        for (String stop : stops) {
            if (stop.isEmpty()) {
                throw new IllegalArgumentException("stop strings must not be empty");
            }
            max = Math.max(max, stop.length());
        }
        this.longest = max;
    }

    /**
     * Takes the next token's text; returns the text that may be released now (possibly empty). After
     * a match, returns the text before the stop string and {@link #stopped()} turns true.
     *
     * @throws IllegalStateException if a stop string has already matched
     */
    public String accept(String delta) {
        Objects.requireNonNull(delta, "delta");
        if (matched != null) {
            throw new IllegalStateException("stop string \"" + matched + "\" already matched");
        }
        if (stops.isEmpty()) {
            return delta;
        }
        held.append(delta);
        String text = held.toString();
        int at = -1;
        int end = Integer.MAX_VALUE;
        for (String stop : stops) {
            int i = text.indexOf(stop); // first occurrence: also the first to complete
            int e = i + stop.length();
            if (i >= 0 && (e < end || (e == end && i < at))) {
                at = i;
                end = e;
                matched = stop;
            }
        }
        if (at >= 0) {
            held.setLength(0);
            return text.substring(0, at);
        }
        int keep = longestStopPrefixAtEnd(text);
        held.delete(0, text.length() - keep);
        return text.substring(0, text.length() - keep);
    }

    /** True once a stop string has matched; the sequence should finish with {@link FinishReason#STOP}. */
    public boolean stopped() {
        return matched != null;
    }

    /** The stop string that matched, if any. */
    public Optional<String> matchedStopString() {
        return Optional.ofNullable(matched);
    }

    /**
     * Releases the held-back tail; called when generation ends without a stop string (end-of-sequence
     * token, length). Empty after a match, since the matched text is never released.
     */
    public String flush() {
        String rest = held.toString();
        held.setLength(0);
        return rest;
    }

    /** The text held back at the moment. */
    String heldBack() {
        return held.toString();
    }

    /** Length of the longest suffix of {@code text} that is a proper prefix of some stop string. */
    private int longestStopPrefixAtEnd(String text) {
        for (int len = Math.min(text.length(), longest - 1); len > 0; len--) {
            int start = text.length() - len;
            for (String stop : stops) {
                if (stop.length() > len && stop.regionMatches(0, text, start, len)) {
                    return len;
                }
            }
        }
        return 0;
    }
}
